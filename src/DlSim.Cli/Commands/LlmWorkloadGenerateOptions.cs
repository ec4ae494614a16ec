using System.CommandLine;
using System.Globalization;
using DlSim.Formats;
using DlSim.Foundation;
using DlSim.Llm.Traffic;
using DlSim.Workloads.Arrivals;

namespace DlSim.Cli.Commands;

/// <summary>
/// The flags of <c>dlsim llm workload generate</c> and how they combine into an <see cref="LlmTrafficSpec"/>.
/// Numbers are read here (not by the parser) so that every bad value reads <c>--flag: expected …</c>.
/// </summary>
public sealed class LlmWorkloadGenerateOptions
{
    private const double DefaultRateHz = 10, DefaultDurationS = 60;
    private const string LogNormalPrefix = "lognormal:";

    public Option<string> Process { get; } = new("--process")
    { HelpName = "NAME", Description = $"Arrival process: {ArrivalProcessKinds.AllNames}.", DefaultValueFactory = _ => "poisson" };

    public Option<string?> Rate { get; } = new("--rate")
    { HelpName = "HZ", Description = $"Long-run request rate in Hz. Default {DefaultRateHz} (mmpp: its own long-run rate; with --rate it is sped up or slowed down to it, keeping its shape)." };

    public Option<string?> Cv { get; } = new("--cv")
    { HelpName = "CV", Description = "gamma: coefficient of variation of the gaps, > 0 (1 is Poisson-like, > 1 bursty). Default 1." };

    public Option<string?> Shape { get; } = new("--shape")
    { HelpName = "K", Description = "weibull: shape k > 0 (< 1 bursty, 1 is Poisson, > 1 regular). Default 1." };

    public Option<string?> Mmpp { get; } = new("--mmpp")
    { HelpName = "R1,R2,S1,S2", Description = "mmpp: RATE1,RATE2,SOJOURN1,SOJOURN2 (Hz, Hz, s, s): Poisson at RATE1 or RATE2, exponential stays of mean SOJOURN1/2. Default 5,50,9,1." };

    public Option<string?> Duration { get; } = new("--duration")
    { HelpName = "SECONDS", Description = $"Arrivals in [0, SECONDS). Default {DefaultDurationS}, or no time limit when --requests is given." };

    public Option<string?> Requests { get; } = new("--requests")
    { HelpName = "N", Description = $"Stop after N requests (alone, or with --duration: whichever comes first); at most {LlmTrafficSpec.MaxRequestsLimit}." };

    public Option<string> Lengths { get; } = new("--lengths")
    {
        HelpName = "FILE|lognormal:IN_MEDIAN,IN_SIGMA,OUT_MEDIAN,OUT_SIGMA", Required = true,
        Description = "Token lengths: FILE (an LLM workload .jsonl or Azure LLM trace .csv) resamples its (input, output) pairs, keeping their correlation; " +
            "lognormal:… draws input and output independently from log-normals of the given medians (tokens) and sigmas (of the log), rounded and clamped to [1, --max-tokens].",
    };

    public Option<string?> MaxTokens { get; } = new("--max-tokens")
    { HelpName = "N", Description = $"lognormal: largest input and largest output length drawn. Default {TokenLengthSpec.DefaultMaxTokens}." };

    public Option<ulong> Seed { get; } = new("--seed")
    { HelpName = "SEED", Description = "Random seed; the same seed gives a byte-identical file. Arrivals and lengths draw from separate streams, so changing --lengths keeps the arrival times.", DefaultValueFactory = _ => 0UL };

    public Option<string> Output { get; } = new Option<string>("--output", "-o")
    { HelpName = "FILE", Description = "File to write: an LLM workload .jsonl (input_toks, output_toks, arrival_time_ns), written atomically.", Required = true }.IsOutputFile();

    public IEnumerable<Option> All => [Process, Rate, Cv, Shape, Mmpp, Duration, Requests, Lengths, MaxTokens, Seed, Output];

    public LlmTrafficSpec ToSpec(ParseResult parse)
    {
        var kind = ArrivalProcessKinds.Parse(parse.GetValue(Process)!);
        var process = new ArrivalProcessSpec { Kind = kind };
        if (Number(parse, Cv, v => v > 0, "a positive coefficient of variation") is double cv) process = process with { Cv = Only(Cv, kind, ArrivalProcessKind.Gamma, cv) };
        if (Number(parse, Shape, v => v > 0, "a positive Weibull shape") is double k) process = process with { Shape = Only(Shape, kind, ArrivalProcessKind.Weibull, k) };
        if (parse.GetValue(Mmpp) is string mmpp)
        {
            Only(Mmpp, kind, ArrivalProcessKind.Mmpp, 0);
            process = process with { Mmpp = MmppParameters.Parse(mmpp) };
        }
        double? rate = Number(parse, Rate, v => v > 0 && v <= 1e9, "a positive rate in Hz, at most 1e9");
        if (kind == ArrivalProcessKind.Mmpp) { if (rate is double r) process = process with { Mmpp = process.Mmpp.SpedUp(r / process.Mmpp.MeanRateHz) }; }
        else process = process with { RateHz = rate ?? DefaultRateHz };

        int? requests = Number(parse, Requests, v => v >= 1 && v <= LlmTrafficSpec.MaxRequestsLimit && v == Math.Floor(v),
            $"a whole number of requests from 1 to {LlmTrafficSpec.MaxRequestsLimit} (the limit)") is double n ? (int)n : null;
        double duration = Number(parse, Duration, v => v > 0 && v <= Limits.MaxSeconds, "a positive duration in seconds, at most 1e12 (the limit)")
            ?? (requests is null ? DefaultDurationS : double.PositiveInfinity);
        return new LlmTrafficSpec
        {
            Process = process, DurationS = duration, MaxRequests = requests ?? LlmTrafficSpec.MaxRequestsLimit,
            Lengths = LengthSpec(parse), Seed = parse.GetValue(Seed),
        };
    }

    private TokenLengthSpec LengthSpec(ParseResult parse)
    {
        string text = parse.GetValue(Lengths)!;
        int? max = Number(parse, MaxTokens, v => v >= 1 && v <= TokenLengthSpec.MaxTokensLimit && v == Math.Floor(v),
            $"a whole number of tokens from 1 to {TokenLengthSpec.MaxTokensLimit} (the limit)") is double m ? (int)m : null;
        if (!text.StartsWith(LogNormalPrefix, StringComparison.OrdinalIgnoreCase))
        {
            if (max is not null) throw new InputException("--max-tokens", 0, "expected --lengths lognormal:… with --max-tokens (a trace's lengths are used as they are), found a file");
            return TokenLengthSpec.FromTrace(LlmWorkloadFiles.Read(text));
        }
        var parts = text[LogNormalPrefix.Length..].Split(',');
        var v = new double[4];
        bool ok = parts.Length == 4;
        for (int i = 0; ok && i < 4; i++) ok = SeedNumbers.TryDouble(parts[i], out v[i]);
        if (!ok) throw new InputException("--lengths", 0, $"expected lognormal:IN_MEDIAN,IN_SIGMA,OUT_MEDIAN,OUT_SIGMA such as lognormal:1020,1.0,129,1.2, found {ErrorText.Quote(text)}");
        return TokenLengthSpec.LogNormal(v[0], v[1], v[2], v[3], max ?? TokenLengthSpec.DefaultMaxTokens);
    }

    private static double Only(Option option, ArrivalProcessKind kind, ArrivalProcessKind owner, double value)
    {
        if (kind != owner)
            throw new InputException(option.Name, 0, $"expected --process {ArrivalProcessKinds.Name(owner)} with {option.Name}, found --process {ArrivalProcessKinds.Name(kind)}");
        return value;
    }

    /// <summary>The flag's number, null when absent; a value that is not a finite number meeting <paramref name="valid"/> is bad input.</summary>
    private static double? Number(ParseResult parse, Option<string?> option, Func<double, bool> valid, string expected)
    {
        string? text = parse.GetValue(option);
        if (text is null) return null;
        if (SeedNumbers.TryDouble(text, out double value) && valid(value)) return value;
        throw new InputException(option.Name, 0, $"expected {expected}, found {ErrorText.Quote(text)}");
    }

    /// <summary>"poisson at 10 Hz", "gamma cv 3 at 5 Hz", "mmpp 5,50,9,1 at 9.5 Hz".</summary>
    public static string Describe(ArrivalProcessSpec process) =>
        string.Create(CultureInfo.InvariantCulture, $"{process} at {process.MeanRateHz:0.###} Hz");
}
