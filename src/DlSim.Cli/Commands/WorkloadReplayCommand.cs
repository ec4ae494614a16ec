using System.CommandLine;
using DlSim.Formats;
using DlSim.Foundation;
using DlSim.Workloads.Operations;
using DlSim.Workloads.Replay;

namespace DlSim.Cli.Commands;

/// <summary><c>dlsim workload replay azure2019|azure2021 FILES… -o OUT</c>: a public trace as a workload, one subcommand per <see cref="TraceFormat"/>.</summary>
public static class WorkloadReplayCommand
{
    public static Command Build(CliContext context)
    {
        var command = new Command("replay", "Replay a public trace (Azure Functions 2019 or 2021) as a workload: choose a window, map functions to models, scale rate and time.");
        foreach (var format in Enum.GetValues<TraceFormat>()) command.Subcommands.Add(Format(format, context));
        return command;
    }

    private static Command Format(TraceFormat format, CliContext context)
    {
        var defaults = new ReplayOptions();
        bool perMinute = format == TraceFormat.Azure2019;
        string unit = perMinute ? "minutes" : "seconds";
        string formatName = EnumNames.Of(format);
        var files = new Argument<string[]>("FILES")
        {
            Description = perMinute
                ? "Day files (HashOwner,HashApp,HashFunction,Trigger,1,…,1440: invocations per function per minute), in day order: day d's minute m is at (d·1440 + m − 1)·60 s."
                : "Invocation files (app,func,end_timestamp,duration in seconds; arrival = end − duration), read as one trace. Rows need not be sorted; they are held and sorted in memory.",
            Arity = ArgumentArity.OneOrMore,
        };
        var window = new Option<string?>("--window")
        {
            Description = perMinute
                ? "START:END in whole minutes from the first day's start, [START, END); START becomes time 0. Either side may be left out. Default: all the day files."
                : "START:END in trace seconds, [START, END) by arrival; START becomes time 0. Either side may be left out. Default: the whole trace from 0.",
        };
        var map = new Option<string>("--map")
        {
            Description = "round-robin: the functions with invocations in the window, in order of first appearance, go to models 0..N−1 in turn (N = --models); " +
                          "top:N: the N functions with the most invocations in the window become models 0..N−1 by falling volume, the rest are dropped.",
            DefaultValueFactory = _ => EnumNames.Of(FunctionMapping.RoundRobin),
        };
        var models = new Option<int?>("--models") { Description = $"Number of models for round-robin (default {defaults.Models}); with top:N it must be N if given." };
        var within = new Option<string>("--within-minute")
        {
            Description = "Where a minute's k invocations of a model fall within it: poisson (k sorted independent uniform times, a Poisson process given k; gap CV ≈ 1), " +
                          "uniform (one uniform time in each of k equal slots; CV ≈ 0.41), even (slot centres; CV 0). Per-minute counts are kept exactly by all three.",
            DefaultValueFactory = _ => EnumNames.Of(defaults.WithinMinute),
        };
        var rate = new Option<double>("--rate-factor")
        {
            Description = "Mean copies of each invocation: below 1 each is kept with this probability (seeded thinning); above 1 it is kept ⌊F⌋ times plus once more " +
                          (perMinute ? "with probability F − ⌊F⌋, the copies spread within their minute like the rest." : "with probability F − ⌊F⌋, the copies at the same instant."),
            DefaultValueFactory = _ => 1,
        };
        var time = new Option<double>("--time-factor") { Description = "Multiply every arrival (after the shift to the window's start) by F: 0.5 doubles the rate.", DefaultValueFactory = _ => 1 };
        var slos = new Option<string>("--slos", "--slo") { Description = "SLO in seconds: one value for every model, or one per model comma-separated.", DefaultValueFactory = _ => "0.25" };
        var seed = new Option<ulong>("--seed")
        { Description = "Seed of the rate-factor draws" + (perMinute ? " and of the within-minute times" : "") + "; the same seed gives a byte-identical file.", DefaultValueFactory = _ => 0UL };
        var name = new Option<string>("--name") { Description = "Name stored in the header.", DefaultValueFactory = _ => formatName + "_replay" };
        var output = new Option<string>("--output", "-o") { Description = "Workload file to write.", Required = true }.IsOutputFile();

        var command = new Command(formatName, perMinute
            ? "Replay Azure Functions 2019 per-minute invocation counts: each model's count in each minute of the window is kept exactly, spread within the minute by --within-minute."
            : "Replay Azure Functions 2021 invocations: arrival = end_timestamp − duration, sorted; the window's start becomes 0.");
        command.Arguments.Add(files);
        var options = new List<Option> { window, map, models };
        if (perMinute) options.Add(within);
        options.AddRange([rate, time, slos, seed, name, output]);
        foreach (var o in options) command.Options.Add(o);
        command.SetAction(parse =>
        {
            var (mapping, modelCount) = ParseMap(parse.GetValue(map)!, parse.GetValue(models), defaults.Models);
            var (start, end) = ParseWindow(parse.GetValue(window), unit);
            var replay = new ReplayOptions
            {
                WindowStart = start, WindowEnd = end, Mapping = mapping, Models = modelCount,
                WithinMinute = perMinute ? EnumNames.Parse<WithinMinute>(parse.GetValue(within)!, "--within-minute") : defaults.WithinMinute,
                Scale = new ScaleSpec { RateFactor = parse.GetValue(rate), TimeFactor = parse.GetValue(time), Seed = parse.GetValue(seed) },
                SlosS = ParseNumbers(parse.GetValue(slos)!, "--slos"), Name = parse.GetValue(name)!,
            };
            var source = TraceReplayFiles.Open(format, parse.GetValue(files)!, replay);
            return WorkloadOutput.Write(source, parse.GetValue(output)!, context, "--window", "the window");
        });
        return command;
    }

    /// <summary>"round-robin" (with --models N) or "top:N".</summary>
    public static (FunctionMapping Mapping, int Models) ParseMap(string text, int? models, int defaultModels)
    {
        string t = text.Trim();
        string top = EnumNames.Of(FunctionMapping.Top) + ":";
        string expected = $"expected {EnumNames.Of(FunctionMapping.RoundRobin)} or {top}N with N ≥ 1, found \"{text}\"";
        if (t.StartsWith(top, StringComparison.OrdinalIgnoreCase))
        {
            if (!SeedNumbers.TryInt(t.AsSpan(top.Length), out int n) || n < 1) throw new InputException("--map", 0, expected);
            if (models is not null && models != n) throw new InputException("--models", 0, $"expected {n} as --map {top}{n} says, found {models}");
            return (FunctionMapping.Top, n);
        }
        if (!string.Equals(t, EnumNames.Of(FunctionMapping.RoundRobin), StringComparison.OrdinalIgnoreCase)) throw new InputException("--map", 0, expected);
        return (FunctionMapping.RoundRobin, models ?? defaultModels);
    }

    /// <summary>"START:END", "START:" or ":END"; no window is the whole trace.</summary>
    public static (double Start, double End) ParseWindow(string? text, string unit)
    {
        if (text is null) return (0, double.PositiveInfinity);
        int colon = text.IndexOf(':');
        string expected = $"expected START:END in {unit} (e.g. 0:60; either side may be left out), found \"{text}\"";
        if (colon < 0 || text.IndexOf(':', colon + 1) >= 0) throw new InputException("--window", 0, expected);
        var startText = text.AsSpan(0, colon).Trim();
        var endText = text.AsSpan(colon + 1).Trim();
        double start = 0, end = double.PositiveInfinity;
        if (startText.Length > 0 && !SeedNumbers.TryDouble(startText, out start)) throw new InputException("--window", 0, expected);
        if (endText.Length > 0 && !SeedNumbers.TryDouble(endText, out end)) throw new InputException("--window", 0, expected);
        return (start, end);
    }

    /// <summary>"0.25" or "0.1,0.2,0.3".</summary>
    public static double[] ParseNumbers(string text, string flag)
    {
        var values = SeedNumbers.TryList("[" + text.Trim() + "]");
        if (values is null || values.Length == 0) throw new InputException(flag, 0, $"expected comma-separated numbers such as 0.25 or 0.1,0.2, found \"{text}\"");
        return values;
    }
}
