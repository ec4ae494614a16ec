using System.CommandLine;
using System.Globalization;
using DlSim.Bench;
using DlSim.Formats.Json;
using DlSim.Foundation;

namespace DlSim.Cli.Commands;

/// <summary><c>dlsim bench --scenario llm-azure</c>: simulated engine iterations per second and the real-time ratio of the LLM engine.</summary>
internal static class LlmBenchRun
{
    public static Option<string?> Reference { get; } = new("--reference")
    {
        Description = $"Reference data folder (holding llm/) for --scenario {LlmBench.Scenario}. Default: $DLSIM_REFERENCE, else ../shared/reference.",
    };

    /// <summary>Warm-up runs simulate this many requests of the trace each.</summary>
    private const int WarmupRequests = 2000;

    public static int Run(ParseResult parse, CliContext context, long requests, int repeat, double warmupS, bool stream, JsonOption json)
    {
        if (stream) throw new InputException("--stream", 0, $"expected no --stream with --scenario {LlmBench.Scenario} (the trace is read into memory, untimed), found it");
        string root = parse.GetValue(Reference) ?? (Environment.GetEnvironmentVariable("DLSIM_REFERENCE") is { Length: > 0 } env ? env : Path.Combine("..", "shared", "reference"));
        var bench = LlmBench.Create(root, requests);
        var lines = json.ToStdout(parse) ? context.Err : context.Out;
        var machine = BenchMachine.Current();
        lines.WriteLine($"machine: {machine}; one core used");
        var small = LlmBench.Head(bench, WarmupRequests);
        var warming = System.Diagnostics.Stopwatch.StartNew();
        do LlmBench.Run(small);
        while (warming.Elapsed.TotalSeconds < warmupS);
        var runs = new LlmBenchResult[repeat];
        for (int i = 0; i < repeat; i++)
        {
            runs[i] = LlmBench.Run(bench);
            lines.WriteLine($"{LlmBench.Scenario} run {i + 1}/{repeat}: {Describe(runs[i])}");
        }
        var median = runs.OrderBy(r => r.Seconds).ElementAt((runs.Length - 1) / 2);
        json.Write(parse, context, stream => JsonDocumentWriter.Write(stream, w =>
        {
            w.WriteStartObject();
            w.WriteString("scenario", LlmBench.Scenario);
            w.WriteString("description", bench.Description);
            w.WriteNumber("requests", median.Requests);
            w.WriteNumber("repeat", repeat);
            w.WriteNumber("iterations", median.Iterations);
            w.WriteNumber("simulated_s", median.SimulatedS);
            w.WriteNumber("seconds", median.Seconds);
            w.WriteNumber("iterations_per_second", median.IterationsPerSecond);
            w.WriteNumber("real_time_ratio", median.RealTimeRatio);
            w.WriteNumber("peak_working_set_bytes", median.PeakWorkingSetBytes);
            w.WriteStartArray("runs_seconds");
            foreach (var r in runs) w.WriteNumberValue(r.Seconds);
            w.WriteEndArray();
            BenchCommand.WriteMachine(w, machine);
            w.WriteEndObject();
        }));
        if (json.ToStdout(parse)) return ExitCodes.Ok;
        context.Out.WriteLine($"{LlmBench.Scenario}: {bench.Description}");
        context.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"median of {repeat}: {Describe(median)}, peak working set {median.PeakWorkingSetBytes / 1048576.0:F1} MiB"));
        if (json.Requested(parse)) context.Out.WriteLine($"results: {parse.GetValue(json.Option)}");
        return ExitCodes.Ok;
    }

    private static string Describe(LlmBenchResult r) => string.Create(CultureInfo.InvariantCulture,
        $"{r.Iterations:N0} iterations ({r.Requests:N0} requests, {r.SimulatedS:N0} simulated s) in {r.Seconds:F3} s = {r.IterationsPerSecond / 1e6:F2} M iterations/s, {r.RealTimeRatio:N0}× real time");
}
