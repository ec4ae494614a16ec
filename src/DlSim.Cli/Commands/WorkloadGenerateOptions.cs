using System.CommandLine;
using System.Globalization;
using DlSim.Foundation;
using DlSim.Workloads.Arrivals;
using DlSim.Workloads.Traffic;

namespace DlSim.Cli.Commands;

/// <summary>
/// The flags of <c>dlsim workload generate</c> and how they combine into a <see cref="GeneratedWorkloadSpec"/>.
/// Numbers are read here (not by the parser) so that every bad value reads <c>--flag: expected …</c>.
/// </summary>
public sealed class WorkloadGenerateOptions
{
    private const double DefaultRateHz = 10, DefaultDurationS = 20;

    public Option<string> Process { get; } = new("--process")
    { HelpName = "NAME", Description = $"Arrival process: {ArrivalProcessKinds.AllNames}.", DefaultValueFactory = _ => "poisson" };

    public Option<string?> Cv { get; } = new("--cv")
    { HelpName = "CV", Description = "gamma: coefficient of variation of the gaps, > 0 (1 is Poisson-like, > 1 bursty). Default 1." };

    public Option<string?> Shape { get; } = new("--shape")
    { HelpName = "K", Description = "weibull: shape k > 0 (< 1 bursty, 1 is Poisson, > 1 regular). Default 1." };

    public Option<string?> Mmpp { get; } = new("--mmpp")
    { HelpName = "R1,R2,S1,S2",
        Description = "mmpp: RATE1,RATE2,SOJOURN1,SOJOURN2 (Hz, Hz, s, s): Poisson at RATE1 or RATE2, exponential stays of mean SOJOURN1/2. " +
            "Its long-run rate (r1·s1+r2·s2)/(s1+s2) is the total rate unless --rate/--rates/--schedule set one, which speed it up or slow it down " +
            "(sojourns scale by long-run rate ÷ total rate). Default 5,50,9,1.",
    };

    public Option<string?> Rate { get; } = new("--rate")
    { HelpName = "HZ", Description = $"Total request rate in Hz over all models. Default {DefaultRateHz} (mmpp: its long-run rate)." };

    public Option<string?> Proportions { get; } = new("--proportions")
    { HelpName = "P1,P2,...", Description = "Share of each model in the total rate, comma-separated, summing to 1 (e.g. 0.8,0.2). Default 0.8,0.2." };

    public Option<string?> Rates { get; } = new("--rates")
    { HelpName = "ID=HZ,...", Description = "Explicit rate per model, MODEL_ID=HZ comma-separated (e.g. 0=5,1=3); unnamed models get 0. Sets the total rate and the shares; not with --rate, --proportions, --spread or --schedule." };

    public Option<string?> Models { get; } = new("--models")
    { HelpName = "N", Description = "Number of models. With --spread (default uniform) it spreads the total rate; with --rates it bounds the model ids." };

    public Option<string?> Spread { get; } = new("--spread")
    { HelpName = "uniform|powerlaw:ALPHA", Description = "How the total rate is spread over --models N models: uniform, or powerlaw:ALPHA (model i gets a share ∝ (i+1)^-ALPHA)." };

    public Option<string?> Schedule { get; } = new("--schedule")
    { HelpName = "START:HZ,...",
        Description = "Time-varying total rate: START:RATE steps (seconds:Hz), e.g. 0:10,60:30,120:5 = 10 Hz from 0 s, 30 Hz from 60 s, 5 Hz from 120 s on. " +
            "Applied to any process by time rescaling (its gap CV is kept); the shares split it. Not with --rate or --rates.",
    };

    public Option<string?> Duration { get; } = new("--duration")
    { HelpName = "SECONDS", Description = $"Length in seconds. Default {DefaultDurationS}, or no time limit when --requests is given." };

    public Option<string?> Requests { get; } = new("--requests")
    { HelpName = "N", Description = "Stop after N requests (alone, or with --duration: whichever comes first). Generation streams: any N fits in memory. " +
            "Alone, the header's duration is the span the N requests were drawn over (up to when the next would have come), which the original tool needs." };

    public Option<string> Slos { get; } = new("--slos")
    { HelpName = "SECONDS,...", Description = "SLO in seconds: one value for every model, or one per model comma-separated.", DefaultValueFactory = _ => "0.25" };

    public Option<ulong> Seed { get; } = new("--seed")
    { HelpName = "SEED", Description = "Random seed; the same seed gives a byte-identical file.", DefaultValueFactory = _ => 0UL };

    public Option<string?> Name { get; } = new("--name")
    { HelpName = "NAME", Description = "Name stored in the file's header. Default: derived from process, rate and duration." };

    public Option<string> Output { get; } = new Option<string>("--output", "-o") { HelpName = "FILE", Description = "File to write (seed CSV), streamed.", Required = true }.IsOutputFile();

    public IEnumerable<Option> All =>
        [Process, Cv, Shape, Mmpp, Rate, Proportions, Rates, Models, Spread, Schedule, Duration, Requests, Slos, Seed, Name, Output];

    /// <summary>The spec the flags describe; conflicting or bad values are <see cref="InputException"/>s naming the flag.</summary>
    public GeneratedWorkloadSpec ToSpec(ParseResult parse)
    {
        var kind = ArrivalProcessKinds.Parse(parse.GetValue(Process)!);
        var process = new ArrivalProcessSpec { Kind = kind };
        process = process with
        {
            Cv = ShapeFlag(parse, Cv, kind, ArrivalProcessKind.Gamma, process.Cv, v => v > 0, "a positive coefficient of variation"),
            Shape = ShapeFlag(parse, Shape, kind, ArrivalProcessKind.Weibull, process.Shape, v => v > 0, "a positive Weibull shape"),
        };
        if (Text(parse, Mmpp) is string mmpp)
        {
            RequireKind(Mmpp, kind, ArrivalProcessKind.Mmpp);
            process = process with { Mmpp = MmppParameters.Parse(mmpp) };
        }

        var (shares, totalHz) = SharesAndTotal(parse);
        RateSchedule? schedule = Text(parse, Schedule) is string s ? RateSchedule.Parse(s) : null;
        if (schedule is null && totalHz is double hz) schedule = RateSchedule.Constant(hz);
        process = process with { RateHz = totalHz ?? DefaultRateHz };

        long? requests = Number(parse, Requests, v => v >= 1 && v <= Limits.MaxRequests && v == Math.Floor(v),
            $"a whole number of requests from 1 to {Limits.MaxRequests} (the limit)") is double r ? (long)r : null;
        double duration = Number(parse, Duration, v => v > 0 && v <= Limits.MaxSeconds, "a positive duration in seconds, at most 1e12 (the limit)") ?? (requests is null ? DefaultDurationS : double.PositiveInfinity);
        if (requests is null)
        {
            double expected = schedule is not null ? schedule.CumulativeAt(duration) : process.MeanRateHz * duration;
            if (!(expected <= Limits.MaxRequests))
                throw new InputException(parse.Typed(Duration), 0, string.Create(CultureInfo.InvariantCulture,
                    $"expected at most {Limits.MaxRequests} requests (the limit), found a rate and duration giving about {expected:G3}; use a shorter --duration or --requests"));
        }
        var slos = WorkloadGenerateCommand.ParseList(parse.GetValue(Slos)!, "--slos");
        if (slos.Length == 1 && shares.Length > 1) slos = Enumerable.Repeat(slos[0], shares.Length).ToArray();

        string rateLabel = schedule is { IsConstant: false } ? "schedule" : F(totalHz ?? process.MeanRateHz) + "Hz";
        string lengthLabel = double.IsFinite(duration) ? F(duration) + "s" : requests + "req";
        return new GeneratedWorkloadSpec
        {
            Process = process, Schedule = schedule, Shares = shares, DurationS = duration, MaxRequests = requests ?? long.MaxValue,
            SlosS = slos, Seed = parse.GetValue(Seed), Name = parse.GetValue(Name) ?? $"{ArrivalProcessKinds.Name(kind)}_{rateLabel}_{lengthLabel}",
        };
    }

    /// <summary>Model shares and, when the flags set one, the constant total rate.</summary>
    private (double[] Shares, double? TotalHz) SharesAndTotal(ParseResult parse)
    {
        string? rates = Text(parse, Rates), proportions = Text(parse, Proportions), spread = Text(parse, Spread);
        double? rate = Number(parse, Rate, v => v > 0, "a positive rate in Hz");
        int? models = Number(parse, Models, v => v >= 1 && v <= ModelRates.MaxModels && v == Math.Floor(v), $"a whole number of models from 1 to {ModelRates.MaxModels}") is double m ? (int)m : null;
        if (rates is not null)
        {
            foreach (var (other, given) in new[] { (Rate, rate is not null), (Proportions, proportions is not null), (Spread, spread is not null), (Schedule, Text(parse, Schedule) is not null) })
                if (given) throw new InputException("--rates", 0, $"expected --rates alone (it sets the total rate and the shares), found it with {other.Name}");
            var perModel = ModelRates.Parse(rates, models);
            double total = perModel.Sum();
            return (perModel.Select(x => x / total).ToArray(), total);
        }
        if (rate is not null && Text(parse, Schedule) is not null)
            throw new InputException("--rate", 0, "expected --rate or --schedule (the schedule gives the total rate over time), found both");
        if (proportions is not null)
        {
            if (spread is not null) throw new InputException("--spread", 0, "expected --spread or --proportions, found both");
            var shares = WorkloadGenerateCommand.ParseList(proportions, "--proportions");
            if (models is int n && n != shares.Length) throw new InputException("--models", 0, $"expected as many models as --proportions ({shares.Length}), found {n}");
            return (shares, rate);
        }
        if (spread is not null && models is null) throw new InputException("--spread", 0, "expected --models N to spread the rate over, found no --models");
        if (models is int count) return (ModelSpread.Parse(spread ?? "uniform").Shares(count), rate);
        return ([0.8, 0.2], rate);
    }

    private double ShapeFlag(ParseResult parse, Option<string?> option, ArrivalProcessKind kind, ArrivalProcessKind owner,
        double fallback, Func<double, bool> valid, string expected)
    {
        if (Text(parse, option) is null) return fallback;
        RequireKind(option, kind, owner);
        return Number(parse, option, valid, expected)!.Value;
    }

    private static void RequireKind(Option option, ArrivalProcessKind kind, ArrivalProcessKind owner)
    {
        if (kind != owner)
            throw new InputException(option.Name, 0, $"expected --process {ArrivalProcessKinds.Name(owner)} with {option.Name}, found --process {ArrivalProcessKinds.Name(kind)}");
    }

    private static string? Text(ParseResult parse, Option<string?> option) => parse.GetValue(option);

    /// <summary>The flag's number, null when absent; a value that is not a finite number meeting <paramref name="valid"/> is bad input.</summary>
    private static double? Number(ParseResult parse, Option<string?> option, Func<double, bool> valid, string expected)
    {
        string? text = parse.GetValue(option);
        if (text is null) return null;
        if (SeedNumbers.TryDouble(text, out double value) && valid(value)) return value;
        throw new InputException(parse.Typed(option), 0, $"expected {expected}, found {ErrorText.Quote(text)}");
    }

    private static string F(double x) => x.ToString(CultureInfo.InvariantCulture);
}
