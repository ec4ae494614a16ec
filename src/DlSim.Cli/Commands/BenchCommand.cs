using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using DlSim.Cli.Output;
using DlSim.Formats.Json;
using DlSim.Foundation;
using DlSim.Bench;

namespace DlSim.Cli.Commands;

/// <summary>
/// <c>dlsim bench</c>: simulated requests (and stage runs) per second of the one engine on a chosen
/// scenario, on one core. Requests are generated up front (untimed) or, with --stream or beyond
/// <see cref="MaterializeLimit"/> requests, streamed during the run (timed, constant memory). After
/// --warmup seconds of untimed runs each of K runs times one whole simulation; the summary is the median run.
/// </summary>
public static class BenchCommand
{
    /// <summary>Above this many requests the workload is streamed rather than held in memory.</summary>
    public const long MaterializeLimit = 20_000_000;

    public static Command Build(CliContext context)
    {
        var scenario = new Option<string>("--scenario")
        {
            Description = $"What to simulate: {string.Join(", ", EnumNames.All<BenchScenarioKind>())} or {AllScenarios}. interop: the reference's 2-GPU pipeline at 6.667 Hz; " +
                          "cluster1024: 128×8 GPUs, 256 mixed replicas at the same load per GPU; closed-loop: interop with 5 clients; " +
                          $"batching-slo: SLO-aware batching and admission above capacity; {AllScenarios}: each in turn, then a table of their cost per request against interop's; " +
                          $"{LlmBench.Scenario}: the LLM engine on the Azure conversation trace, 8 replicas (simulated iterations/s and real-time ratio; needs the reference data, see --reference; not part of {AllScenarios}).",
            DefaultValueFactory = _ => EnumNames.Of(BenchScenarioKind.Interop),
        };
        var requests = new Option<long>("--requests") { Description = $"Requests to simulate per run (about that many for closed-loop; at most the trace's for {LlmBench.Scenario}).", DefaultValueFactory = _ => 1_000_000 };
        var repeat = new Option<int>("--repeat") { Description = "Number of timed runs; the summary reports the median.", DefaultValueFactory = _ => 1 };
        var warmup = new Option<double>("--warmup")
        {
            Description = "Seconds of untimed runs (200,000 requests each, at least one) before the timed ones, so the JIT's tiered compilation " +
                          "has optimised the engine: the first runs of a process otherwise take up to twice as long.",
            DefaultValueFactory = _ => 1.0,
        };
        var stream = new Option<bool>("--stream") { Description = $"Generate requests during the run (timed, constant memory); automatic above {MaterializeLimit:N0} requests." };
        var json = new JsonOption();

        var command = new Command("bench", "Measure simulated requests and events per second on one core, and peak memory.");
        foreach (var o in new Option[] { scenario, requests, repeat, warmup, stream, LlmBenchRun.Reference, json.Option }) command.Options.Add(o);
        command.SetAction(parse =>
        {
            string chosen = parse.GetValue(scenario)!;
            bool llm = chosen.Trim().Equals(LlmBench.Scenario, StringComparison.OrdinalIgnoreCase);
            var kinds = llm ? [] : ParseScenarios(chosen);
            long n = parse.GetValue(requests);
            int k = parse.GetValue(repeat);
            var errors = new List<InputError>();
            if (n < 1) errors.Add(new InputError("--requests", 0, $"expected at least 1 request, found {n}"));
            if (k < 1) errors.Add(new InputError("--repeat", 0, $"expected at least 1 run, found {k}"));
            double warmupS = parse.GetValue(warmup);
            if (!(warmupS >= 0 && warmupS <= 600)) errors.Add(new InputError("--warmup", 0, $"expected seconds from 0 to 600, found {warmupS}"));
            if (errors.Count > 0) throw new InputException(errors);
            if (llm) return LlmBenchRun.Run(parse, context, n, k, warmupS, parse.GetValue(stream), json);
            bool streamed = parse.GetValue(stream) || n > MaterializeLimit;

            // Per-run lines are results in table mode, progress when JSON takes stdout.
            var lines = json.ToStdout(parse) ? context.Err : context.Out;
            var machine = BenchMachine.Current();
            lines.WriteLine($"machine: {machine}; one core used");
            var measured = new List<(BenchCase Bench, BenchResult Median, BenchResult[] Runs)>();
            foreach (var kind in kinds)
            {
                var (bench, runs) = Measure(kind, n, k, warmupS, streamed, lines, context);
                var median = Median(runs);
                measured.Add((bench, median, runs));
                if (json.ToStdout(parse)) continue;
                context.Out.WriteLine($"{EnumNames.Of(kind)}: {bench.Description}{(streamed ? " (requests generated during the timed run)" : "")}");
                context.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"median of {k}: {Describe(median)}, mean latency {median.MeanLatencyS * 1000:F3} ms, peak working set {median.PeakWorkingSetBytes / 1048576.0:F1} MiB"));
            }
            if (measured.Count == 1)
                json.Write(parse, context, s => WriteJson(measured[0].Median, measured[0].Runs, measured[0].Bench.Description, machine, s));
            else
            {
                json.Write(parse, context, s => WriteAllJson(measured, machine, s));
                if (!json.ToStdout(parse)) WriteComparison(measured.Select(m => m.Median).ToArray(), context.Out);
            }
            if (json.Requested(parse) && !json.ToStdout(parse)) context.Out.WriteLine($"results: {parse.GetValue(json.Option)}");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static BenchScenarioKind[] ParseScenarios(string text)
    {
        if (text.Trim().Equals(AllScenarios, StringComparison.OrdinalIgnoreCase)) return Enum.GetValues<BenchScenarioKind>();
        if (EnumNames.TryParse(text, out BenchScenarioKind kind)) return [kind];
        throw new InputException("--scenario", 0, $"expected {string.Join(", ", EnumNames.All<BenchScenarioKind>())}, {LlmBench.Scenario} or {AllScenarios}, found \"{text}\"");
    }

    /// <summary>Accepted by --scenario: every scenario in turn, in one process, with each one's cost per request against interop's.</summary>
    public const string AllScenarios = "all";

    /// <summary>Warms up on a small run of the scenario, then times <paramref name="k"/> runs of <paramref name="n"/> requests.</summary>
    private static (BenchCase Bench, BenchResult[] Runs) Measure(BenchScenarioKind kind, long n, int k, double warmupS, bool streamed,
        TextWriter lines, CliContext context)
    {
        if (!streamed && n >= 4_000_000) context.Err.WriteLine($"bench: generating {n:N0} requests (untimed)");
        var bench = BenchScenarios.Create(kind, n, materialize: !streamed);
        // Untimed warm-up, long enough for tiered compilation to promote the hot methods (it waits for a quiet 100 ms).
        var small = BenchScenarios.Create(kind, Math.Min(n, 200_000), materialize: true);
        var warming = System.Diagnostics.Stopwatch.StartNew();
        do BenchRunner.Run(small, streamed: false);
        while (warming.Elapsed.TotalSeconds < warmupS);

        var progress = n >= 4 * Serving.ServingEngine.ProgressInterval ? context.Progress("bench") : null;
        var runs = new BenchResult[k];
        for (int i = 0; i < k; i++)
        {
            runs[i] = BenchRunner.Run(bench, streamed, progress);
            lines.WriteLine($"{EnumNames.Of(kind)} run {i + 1}/{k}: {Describe(runs[i])}");
        }
        return (bench, runs);
    }

    /// <summary>Nanoseconds per simulated request, and each scenario's cost against interop's measured in the same process.</summary>
    private static void WriteComparison(BenchResult[] medians, TextWriter w)
    {
        double baseline = NanosecondsPerRequest(medians.First(m => m.Scenario == BenchScenarioKind.Interop));
        var table = new TextTable("scenario", "requests_per_s", "ns_per_request", "vs_interop", "stage_runs_per_s", "peak_mib");
        foreach (var m in medians)
            table.Add(EnumNames.Of(m.Scenario), (m.RequestsPerSecond / 1e6).ToString("F3", CultureInfo.InvariantCulture) + " M",
                NanosecondsPerRequest(m).ToString("F1", CultureInfo.InvariantCulture),
                (NanosecondsPerRequest(m) / baseline).ToString("F2", CultureInfo.InvariantCulture) + "×",
                (m.EventsPerSecond / 1e6).ToString("F3", CultureInfo.InvariantCulture) + " M",
                (m.PeakWorkingSetBytes / 1048576.0).ToString("F1", CultureInfo.InvariantCulture));
        w.WriteLine();
        table.WriteTo(w);
    }

    private static double NanosecondsPerRequest(BenchResult r) => r.Seconds / r.Requests * 1e9;

    private static string Describe(BenchResult r) => string.Create(CultureInfo.InvariantCulture,
        $"{r.Requests:N0} requests in {r.Seconds:F3} s = {r.RequestsPerSecond / 1e6:F3} M requests/s ({r.EventsPerSecond / 1e6:F3} M stage runs/s)");

    /// <summary>The run with the median time (the lower middle for an even count, so it is a real run).</summary>
    private static BenchResult Median(BenchResult[] runs)
    {
        var sorted = (BenchResult[])runs.Clone();
        Array.Sort(sorted, (a, b) => a.Seconds.CompareTo(b.Seconds));
        return sorted[(sorted.Length - 1) / 2];
    }

    private static void WriteAllJson(List<(BenchCase Bench, BenchResult Median, BenchResult[] Runs)> measured, BenchMachine machine, Stream stream)
    {
        double baseline = NanosecondsPerRequest(measured.First(m => m.Median.Scenario == BenchScenarioKind.Interop).Median);
        JsonDocumentWriter.Write(stream, w =>
        {
            w.WriteStartObject();
            WriteMachine(w, machine);
            w.WriteStartArray("scenarios");
            foreach (var (bench, median, runs) in measured)
            {
                w.WriteStartObject();
                WriteFields(w, median, runs, bench.Description);
                w.WriteNumber("ns_per_request", NanosecondsPerRequest(median));
                w.WriteNumber("cost_vs_interop", NanosecondsPerRequest(median) / baseline);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        });
    }

    private static void WriteJson(BenchResult median, BenchResult[] runs, string description, BenchMachine machine, Stream stream)
    {
        JsonDocumentWriter.Write(stream, w =>
        {
            w.WriteStartObject();
            WriteFields(w, median, runs, description);
            WriteMachine(w, machine);
            w.WriteEndObject();
        });
    }

    internal static void WriteMachine(System.Text.Json.Utf8JsonWriter w, BenchMachine machine)
    {
        w.WriteStartObject("machine");
        w.WriteString("cpu", machine.Cpu);
        w.WriteNumber("logical_cores", machine.LogicalCores);
        w.WriteString("os", machine.Os);
        w.WriteString("runtime", machine.Runtime);
        w.WriteEndObject();
    }

    private static void WriteFields(System.Text.Json.Utf8JsonWriter w, BenchResult median, BenchResult[] runs, string description)
    {
        {
            w.WriteString("scenario", EnumNames.Of(median.Scenario));
            w.WriteString("description", description);
            w.WriteBoolean("streamed", median.Streamed);
            w.WriteNumber("requests", median.Requests);
            w.WriteNumber("repeat", runs.Length);
            w.WriteNumber("seconds", median.Seconds);
            w.WriteNumber("requests_per_second", median.RequestsPerSecond);
            w.WriteNumber("stage_runs", median.StageRuns);
            w.WriteNumber("events_per_second", median.EventsPerSecond);
            w.WriteNumber("mean_latency_s", median.MeanLatencyS);
            w.WriteNumber("peak_working_set_bytes", median.PeakWorkingSetBytes);
            w.WriteStartArray("runs_seconds");
            foreach (var r in runs) w.WriteNumberValue(r.Seconds);
            w.WriteEndArray();
        }
    }
}
