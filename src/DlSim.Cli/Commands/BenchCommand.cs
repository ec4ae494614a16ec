using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using DlSim.Io;
using DlSim.Runs;

namespace DlSim.Cli.Commands;

/// <summary>
/// <c>dlsim bench</c>: simulated requests per second of the engine on the interop scenario
/// (<see cref="BenchScenario"/>). The workload is generated once, untimed; each of the K runs times one
/// whole <see cref="Simulation.Run"/>; the summary is the median run.
/// </summary>
public static class BenchCommand
{
    public static Command Build(CliContext context)
    {
        var requests = new Option<int>("--requests")
        { Description = "Requests to simulate per run (the 2-stage interop scenario, Poisson 6.667 Hz).", DefaultValueFactory = _ => 1_000_000 };
        var repeat = new Option<int>("--repeat")
        { Description = "Number of timed runs; the summary reports the median.", DefaultValueFactory = _ => 1 };
        var json = new JsonOption();

        var command = new Command("bench", "Measure simulated requests per second on one core (2-stage interop scenario).");
        command.Options.Add(requests);
        command.Options.Add(repeat);
        command.Options.Add(json.Option);
        command.SetAction(parse =>
        {
            int n = parse.GetValue(requests), k = parse.GetValue(repeat);
            var errors = new List<InputError>();
            if (n < 1) errors.Add(new InputError("--requests", 0, $"expected at least 1 request, found {n}"));
            if (k < 1) errors.Add(new InputError("--repeat", 0, $"expected at least 1 run, found {k}"));
            if (errors.Count > 0) throw new InputException(errors);

            // Per-run lines are results in table mode, progress when JSON takes stdout.
            var lines = json.ToStdout(parse) ? context.Err : context.Out;
            bool longRun = n >= 4 * Serving.ServingEngine.ProgressInterval;
            if (longRun) context.Err.WriteLine($"bench: generating {n:N0} requests (untimed)");
            var workload = BenchScenario.Workload(n);
            var deployment = BenchScenario.Deploy(workload);
            var options = new SimulationOptions { Progress = longRun ? context.Progress("bench") : null };

            // Untimed warm-up so tiered JIT has compiled the optimised loop before the timed runs.
            var warmUp = BenchScenario.Workload(Math.Min(n, 200_000));
            BenchScenario.Run(BenchScenario.Deploy(warmUp), warmUp);

            var runs = new BenchResult[k];
            for (int i = 0; i < k; i++)
            {
                runs[i] = BenchScenario.Run(deployment, workload, options);
                lines.WriteLine($"run {i + 1}/{k}: {Describe(runs[i])}");
            }
            var median = Median(runs);
            json.Write(parse, context, stream => WriteJson(median, runs, stream));
            if (json.ToStdout(parse)) return DlSimCli.Ok;
            context.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"median of {k}: {Describe(median)}, mean latency {median.MeanLatencyS * 1000:F3} ms, peak working set {median.PeakWorkingSetBytes / 1048576.0:F1} MiB"));
            if (json.Requested(parse)) context.Out.WriteLine($"results: {parse.GetValue(json.Option)}");
            return DlSimCli.Ok;
        });
        return command;
    }

    private static string Describe(BenchResult r) => string.Create(CultureInfo.InvariantCulture,
        $"{r.Requests:N0} requests in {r.Seconds:F3} s = {r.RequestsPerSecond / 1e6:F3} M requests/s ({r.EventsPerSecond / 1e6:F3} M stage runs/s)");

    /// <summary>The run with the median time (the lower middle for an even count, so it is a real run).</summary>
    private static BenchResult Median(BenchResult[] runs)
    {
        var sorted = (BenchResult[])runs.Clone();
        Array.Sort(sorted, (a, b) => a.Seconds.CompareTo(b.Seconds));
        return sorted[(sorted.Length - 1) / 2];
    }

    private static void WriteJson(BenchResult median, BenchResult[] runs, Stream stream)
    {
        using var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
        w.WriteStartObject();
        w.WriteString("scenario", "interop_2stage_poisson");
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
        w.WriteEndObject();
        w.Flush();
        stream.Write("\n"u8);
    }
}
