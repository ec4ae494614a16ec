using System.CommandLine;
using System.Globalization;
using DlSim.Cli.Output;
using DlSim.Formats.Reports;
using DlSim.Formats.ChromeTrace;
using DlSim.Foundation;
using DlSim.Metrics;
using DlSim.Runs;
using DlSim.Workloads;

namespace DlSim.Cli.Commands;

/// <summary><c>dlsim simulate</c>: the seed's simulator.py, flag for flag, plus JSON output and a trace path.</summary>
public static class SimulateCommand
{
    /// <summary>The hidden flag that checks a run's inputs without running it (used by sweeps before any case runs).</summary>
    public const string CheckOnlyFlag = "--check-only";

    public static Command Build(CliContext context)
    {
        var scenario = new ScenarioOptions();
        var name = new Option<string>("--name")
        { Description = "Simulation name; the Chrome trace goes to chrome_trace/NAME.json.", DefaultValueFactory = _ => "default" };
        var chromeTrace = new Option<bool>("--chrome_trace", "--chrome-trace")
        { Description = "Write a Chrome/Perfetto trace (one slice per request × stage × GPU) to chrome_trace/NAME.json." };
        var traceOut = new Option<string?>("--trace-out", "--trace_out")
        { Description = "Write the Chrome trace to this path instead (implies --chrome_trace)." }.IsOutputFile();
        var json = new JsonOption();
        var calibration = new CalibrationOptions();
        var stochastic = new StochasticOptions();

        var command = new Command("simulate", "Simulate a workload on a placement and report latency, SLO attainment and GPU utilisation.");
        scenario.AddTo(command);
        var closedLoop = new ClosedLoopOptions();
        closedLoop.AddTo(command);
        var policy = new PolicyOptions();
        policy.AddTo(command);
        var trim = new Option<double>("--trim")
        { Description = "Leave requests arriving in the first and last SECONDS of the workload's duration out of the figures (warm-up, cool-down).", DefaultValueFactory = _ => 0 };
        command.Options.Add(trim);
        calibration.AddTo(command);
        stochastic.AddTo(command, withSeed: false);
        var plotDir = new Option<string?>("--plot")
        { Description = "Write plots into folder DIR: latency_cdf (one CDF per model) and utilization (each GPU's busy share over time)." }.IsOutputFolder();
        var plotFormat = new Option<string>("--plot-format")
        { Description = "Image format of --plot: png or svg.", DefaultValueFactory = _ => "png" };
        var utilBin = new Option<double?>("--utilization-bin")
        { Description = "Bin width in seconds of the utilisation timeline (in --json and --plot). Default with --plot: the workload's duration ÷ 200, or 1 s." };
        command.Options.Add(plotDir);
        command.Options.Add(plotFormat);
        command.Options.Add(utilBin);
        command.Options.Add(name);
        command.Options.Add(chromeTrace);
        command.Options.Add(traceOut);
        command.Options.Add(json.Option);
        var htmlReport = new ReportOption();
        command.Options.Add(htmlReport.Option);
        var checkOnly = new Option<bool>(CheckOnlyFlag)
        { Description = "Load and check every input and flag, then stop without simulating (exit 0 when all is well).", Hidden = true };
        command.Options.Add(checkOnly);
        command.SetAction(parse =>
        {
            string simName = OutputNames.SafeFileStem(parse.GetValue(name) ?? "default", "--name");
            string? tracePath = parse.GetValue(traceOut) ??
                (parse.GetValue(chromeTrace) ? Path.Combine("chrome_trace", simName + ".json") : null);
            if (tracePath is not null && parse.GetValue(traceOut) is null) OutputPaths.CheckFile(tracePath, "--chrome_trace");
            string? plots = parse.GetValue(plotDir);
            var imageKind = EnumNames.Parse<Plots.ImageKind>(parse.GetValue(plotFormat)!, "--plot-format");
            if (plots is not null) Plots.PlotFont.Load(Plots.PlotFont.DefaultPath);
            string? reportPath = htmlReport.Path(parse);
            string? font = htmlReport.LoadFont(parse);
            bool drawn = plots is not null || reportPath is not null;
            double? bin = parse.GetValue(utilBin);
            if (bin is double b && !(b > 0 && double.IsFinite(b)))
                throw new InputException("--utilization-bin", 0, $"expected seconds > 0, found {b.ToString(CultureInfo.InvariantCulture)}");
            var clients = closedLoop.Read(parse);
            int? replications = stochastic.Read(parse, calibration.Requested(parse));
            using var loaded = scenario.Load(parse, clients);
            var timing = calibration.Load(parse, loaded.Deployment, parse.GetValue(scenario.Placement) ?? "the built-in placement");
            if (clients is not null && parse.GetValue(closedLoop.Duration) is null && loaded.Requests.Header.DurationS > 0)
                clients = clients with { DurationS = loaded.Requests.Header.DurationS };
            double knownDuration = clients?.DurationS ?? loaded.Requests.Header.DurationS;
            if (bin is double width && knownDuration / width > Limits.MaxBins)
                throw new InputException(parse.Typed(utilBin), 0, string.Create(CultureInfo.InvariantCulture,
                    $"expected at most {Limits.MaxBins} bins (the limit) over the {knownDuration} s workload, found bins of {width} s; use a wider bin"));
            var options = new SimulationOptions
            {
                Overhead = loaded.Overhead,
                StageTrace = tracePath is null ? null : StageTraceRecorder.To(tracePath),
                Progress = context.Progress("simulate"),
                ClosedLoop = clients,
                Policy = policy.Read(parse, parse.GetValue(closedLoop.Seed)),
                TrimS = parse.GetValue(trim),
                Timing = timing,
                TimelineBinS = bin ?? (drawn ? DefaultBin(knownDuration) : null),
                LatencyCurvePoints = drawn ? 201 : 0,
                // The report's Gantt view shows a tenth of the workload from its middle, past the warm-up.
                WindowFromS = reportPath is null ? null : (knownDuration > 0 ? knownDuration / 2 : 0),
                WindowLengthS = knownDuration > 0 ? knownDuration / 10 : double.PositiveInfinity,
            };
            var c = loaded.Cluster;
            string model = timing is null ? $"overhead {loaded.Overhead}" : CalibrationOptions.Describe(parse.GetValue(calibration.File)!, timing);
            if (parse.GetValue(checkOnly)) return ExitCodes.Ok;
            if (replications is int r)
            {
                if (tracePath is not null || drawn)
                    throw new InputException("--stochastic", 0, "expected no --chrome_trace, --trace-out, --plot or --report (they show one run, not a band), found one");
                ulong seed = parse.GetValue(closedLoop.Seed);
                var workload = Workload.ReadAll(loaded.Requests);
                var bands = StochasticSimulation.Bands(loaded.Deployment, workload, options with { StageTrace = null }, timing!.WithLevels, r, seed);
                json.Write(parse, context, stream => WriteBandsJson(bands, r, seed, stream));
                if (json.ToStdout(parse)) return ExitCodes.Ok;
                context.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{simName}: {workload.Count} requests from {loaded.WorkloadSource} on {c.Nodes} node(s) × {c.GpusPerNode} GPU(s) × {c.MemoryGb} GB, {loaded.Deployment.Replicas.Count} replica(s), {model}"));
                context.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"stochastic: {r} replications, seed {seed}; band = {MetricBands.LowPercentile}th–{MetricBands.HighPercentile}th percentile over replications"));
                context.Out.WriteLine();
                BandTables.Write(bands, context.Out);
                if (json.Requested(parse)) context.Out.WriteLine($"results: {parse.GetValue(json.Option)}");
                return ExitCodes.Ok;
            }
            var report = Simulation.Run(loaded.Deployment, loaded.Requests, options).Report;
            if (ReportChecks.FirstNonFinite(report) is string bad)
                throw new InputException(parse.GetValue(calibration.File) ?? "simulate", 0,
                    $"expected finite results, found {bad}; check the latencies, spreads and factors of the inputs");

            json.Write(parse, context, stream => SimulationReportJson.Write(report, stream));
            var plotted = plots is null ? [] : Plots.SimulationPlots.WriteAll(report, plots, imageKind);
            string headline = string.Create(CultureInfo.InvariantCulture,
                $"{simName}: {report.Requests} requests from {loaded.WorkloadSource} on {c.Nodes} node(s) × {c.GpusPerNode} GPU(s) × {c.MemoryGb} GB, {loaded.Deployment.Replicas.Count} replica(s), {model}");
            htmlReport.Write(parse, $"dlsim simulate: {simName}", headline, ReportTables.Tables(report), ReportTables.Notes(report),
                () => Plots.Reports.SimulationFigures.All(report, font!));
            if (json.ToStdout(parse)) return ExitCodes.Ok;
            var w = context.Out;
            w.WriteLine(headline);
            foreach (var m in report.Models)
                if (m.Unserved > 0)
                    w.WriteLine($"unserved: model {m.ModelId} has no replica in the placement; its {m.Unserved} requests count as misses");
            w.WriteLine();
            ReportTables.Write(report, w);
            if (json.Requested(parse)) w.WriteLine($"results: {parse.GetValue(json.Option)}");
            if (tracePath is not null) w.WriteLine($"chrome trace: {tracePath}");
            foreach (string written in plotted) w.WriteLine($"plot: {written}");
            if (reportPath is not null) w.WriteLine($"report: {reportPath}");
            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary><c>{"replications", "seed", "band", "metrics": [{"name", "mean", "low", "high"}, ...]}</c>.</summary>
    private static void WriteBandsJson(IReadOnlyList<MetricBand> bands, int replications, ulong seed, Stream stream)
    {
        using var w = new System.Text.Json.Utf8JsonWriter(stream, new System.Text.Json.JsonWriterOptions { Indented = true });
        w.WriteStartObject();
        w.WriteNumber("replications", replications);
        w.WriteNumber("seed", seed);
        w.WriteString("band", $"{MetricBands.LowPercentile}-{MetricBands.HighPercentile} percentile over replications");
        MetricBandsJson.Write(w, "metrics", bands);
        w.WriteEndObject();
        w.Flush();
        stream.Write("\n"u8);
    }

    /// <summary>About 200 bins over the workload, or 1 s bins when its duration is unknown.</summary>
    private static double DefaultBin(double durationS) => durationS > 0 ? durationS / 200 : 1;
}
