using System.CommandLine;
using System.Globalization;
using DlSim.Analysis;
using DlSim.Analysis.Calibration;
using DlSim.Cli.Output;
using DlSim.Formats.ClusterTrace;
using DlSim.Formats.Reports;
using DlSim.Foundation;
using DlSim.Metrics;
using DlSim.Runs;
using DlSim.Workloads;


namespace DlSim.Cli.Commands;

/// <summary>
/// <c>dlsim compare</c>: simulates a workload on a placement and measures how far every stage start and end
/// is from a real trace of the same workload (the original tool's "vs real" figures), plus latency side by side.
/// </summary>
public static class CompareCommand
{
    public static Command Build(CliContext context)
    {
        var scenario = new ScenarioOptions();
        var trace = new Option<string>("--trace", "-t")
        {
            Description = "Real cluster trace (JSON keyed by model id: rq_id, arrive, e2e_latency, stage_exec_info) recorded for the same workload and placement.",
            Required = true,
        };
        var json = new JsonOption();
        var calibration = new CalibrationOptions();
        var stochastic = new StochasticOptions();
        var plotDir = new Option<string?>("--plot", "--plot-dir")
        { Description = "Write plots into folder DIR: latency_per_request (simulated and real latency of every request) and error_over_time (every stage start and end)." }.IsOutputFolder();
        var plotFormat = new Option<string>("--plot-format")
        { Description = "Image format of --plot: png or svg.", DefaultValueFactory = _ => "png" };
        var worst = new Option<int>("--worst")
        { Description = "List the N events (stage starts and ends) farthest from the real trace.", DefaultValueFactory = _ => TraceComparison.DefaultWorst };

        var command = new Command("compare",
            "Simulate a workload on a placement and compare every stage start and end with a real trace: mean/max absolute error, events over 10 ms, per-stage errors, latency sim vs real.");
        scenario.AddTo(command, workloadRequired: true, placementRequired: true);
        // Both are required here, so the shared descriptions' "Default: built-in ..." would mislead.
        scenario.Workload.Description = "Workload file (seed CSV) that the real trace recorded.";
        scenario.Placement.Description = "Placement file (seed JSON) the real trace ran on.";
        command.Options.Add(trace);
        calibration.AddTo(command);
        stochastic.AddTo(command, withSeed: true);
        command.Options.Add(worst);
        command.Options.Add(plotDir);
        command.Options.Add(plotFormat);
        command.Options.Add(json.Option);
        var htmlReport = new ReportOption();
        command.Options.Add(htmlReport.Option);
        command.SetAction(parse =>
        {
            int worstCount = parse.GetValue(worst);
            if (worstCount < 0) throw new InputException("--worst", 0, $"expected a count ≥ 0, found {worstCount}");
            int? replications = stochastic.Read(parse, calibration.Requested(parse));
            string? plots = parse.GetValue(plotDir);
            var imageKind = EnumNames.Parse<Plots.ImageKind>(parse.GetValue(plotFormat)!, "--plot-format");
            if (plots is not null && replications is not null)
                throw new InputException("--stochastic", 0, "expected no --plot (plots show one run, not a band), found one");
            if (plots is not null) Plots.PlotFont.Load(Plots.PlotFont.DefaultPath);
            string? reportPath = htmlReport.Path(parse);
            if (reportPath is not null && replications is not null)
                throw new InputException("--stochastic", 0, "expected no --report (the report shows one run, not a band), found one");
            string? font = htmlReport.LoadFont(parse);
            using var loaded = scenario.Load(parse);
            string placementName = parse.GetValue(scenario.Placement)!;
            var timing = calibration.Load(parse, loaded.Deployment, placementName);
            var workload = Workload.ReadAll(loaded.Requests);
            string tracePath = parse.GetValue(trace)!;
            // Read the trace before simulating: a bad trace should fail fast, and nothing is written on bad input.
            var real = ClusterTraceJson.Read(tracePath);
            var options = new SimulationOptions { Overhead = loaded.Overhead, RecordStageTimes = true, Timing = timing };
            string model = timing is null ? $"overhead {loaded.Overhead}" : CalibrationOptions.Describe(parse.GetValue(calibration.File)!, timing);
            string title = $"{loaded.WorkloadSource} on {placementName} vs {tracePath} ({model})";
            if (replications is int r)
            {
                ulong seed = parse.GetValue(stochastic.Seed);
                var bands = StochasticComparison.Run(loaded.Deployment, workload, real, options, timing!, r, seed);
                return WriteStochastic(bands, title, parse, json, context);
            }
            var simulated = Simulation.Run(loaded.Deployment, workload, options).StageTimes!;
            var report = TraceComparison.Compare(workload, simulated, real, worstCount, keepSeries: plots is not null || reportPath is not null);

            json.Write(parse, context, stream => ComparisonJson.Write(report, stream));
            var plotted = plots is null ? [] : Plots.ComparisonPlots.WriteAll(report, plots, imageKind);
            htmlReport.Write(parse, "dlsim compare: simulated against real", title, Tables(report), [],
                () => Plots.Reports.ComparisonFigures.All(report, font!));
            if (json.ToStdout(parse)) return ExitCodes.Ok;
            var w = context.Out;
            w.WriteLine(title);
            w.WriteLine();
            WriteTables(report, w);
            if (json.Requested(parse)) w.WriteLine($"results: {parse.GetValue(json.Option)}");
            foreach (string written in plotted) w.WriteLine($"plot: {written}");
            if (reportPath is not null) w.WriteLine($"report: {reportPath}");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static int WriteStochastic(StochasticComparisonReport report, string title, ParseResult parse, JsonOption json, CliContext context)
    {
        json.Write(parse, context, stream => StochasticComparisonJson.Write(report, stream));
        if (json.ToStdout(parse)) return ExitCodes.Ok;
        var w = context.Out;
        w.WriteLine(title);
        w.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"stochastic: {report.Replications} replications, seed {report.Seed}; band = {MetricBands.LowPercentile}th–{MetricBands.HighPercentile}th percentile over replications"));
        w.WriteLine();
        BandTables.Write(report.Bands, w, b =>
            b.Name == StochasticComparison.LatencyMean ? report.RealMeanS : b.Name == StochasticComparison.LatencyP99 ? report.RealP99S : double.NaN);
        w.WriteLine();
        w.WriteLine($"real latency mean {(report.RealMeanInside ? "inside" : "outside")} the band; real p99 {(report.RealP99Inside ? "inside" : "outside")} the band");
        if (json.Requested(parse)) w.WriteLine($"results: {parse.GetValue(json.Option)}");
        return ExitCodes.Ok;
    }

    /// <summary>Overall figures, per-stage errors, latency sim vs real; times in ms.</summary>
    public static void WriteTables(ComparisonReport report, TextWriter w)
    {
        var tables = Tables(report);
        for (int i = 0; i < tables.Count; i++)
        {
            if (i > 0) w.WriteLine();
            tables[i].Table.WriteTo(w);
        }
    }

    /// <summary>The tables of <see cref="WriteTables"/>, with captions (the worst events only when some were asked for).</summary>
    public static IReadOnlyList<(string Caption, TextTable Table)> Tables(ComparisonReport report)
    {
        var overall = new TextTable("requests", "events", "mean_abs_err_ms", "max_abs_err_ms", "within_10ms", "events_over_10ms");
        overall.Add(Int(report.Requests), Int(report.Events), ReportTables.Ms(report.MeanAbsErrorS), ReportTables.Ms(report.MaxAbsErrorS),
            ReportTables.Percent(report.FractionWithin10Ms), Int(report.EventsOver10Ms));
        var stages = new TextTable("stage", "requests", "start_mean_ms", "start_max_ms", "end_mean_ms", "end_max_ms");
        foreach (var s in report.Stages)
            stages.Add(Int(s.Stage), Int(s.Requests), ReportTables.Ms(s.StartMeanAbsErrorS), ReportTables.Ms(s.StartMaxAbsErrorS),
                ReportTables.Ms(s.EndMeanAbsErrorS), ReportTables.Ms(s.EndMaxAbsErrorS));
        var l = report.Latency;
        var latency = new TextTable("latency", "sim_ms", "real_ms", "sim_minus_real_ms");
        latency.Add("mean", ReportTables.Ms(l.SimMeanS), ReportTables.Ms(l.RealMeanS), ReportTables.Ms(l.SimMeanS - l.RealMeanS));
        latency.Add("p99", ReportTables.Ms(l.SimP99S), ReportTables.Ms(l.RealP99S), ReportTables.Ms(l.SimP99S - l.RealP99S));
        var tables = new List<(string, TextTable)>
        {
            ("Error of stage starts and ends", overall), ("Error per stage", stages), ("Latency: simulated against real", latency),
            ("Latency distribution: simulated against real", Distributions(report.Distributions)),
        };
        if (report.WorstEvents.Count == 0) return tables;
        var worst = new TextTable("worst_request", "model", "stage", "event", "sim_ms", "real_ms", "error_ms");
        foreach (var e in report.WorstEvents)
            worst.Add(Int(e.Request), Int(e.Model), Int(e.Stage), e.Event, ReportTables.Ms(e.SimulatedS), ReportTables.Ms(e.RealS), ReportTables.Ms(e.ErrorS));
        tables.Add(("Events farthest from the real trace", worst));
        return tables;
    }

    /// <summary>Wasserstein-1 distance (ms) and largest CDF gap between simulated and real latency, overall then per model.</summary>
    public static TextTable Distributions(IReadOnlyList<DistributionDistance> distances)
    {
        var table = new TextTable("latency_distribution", "requests", "wasserstein1_ms", "max_cdf_gap");
        foreach (var d in distances)
            table.Add(d.Model is int m ? $"model {Int(m)}" : "all", Int(d.Requests), ReportTables.Ms(d.Wasserstein1S), ReportTables.Percent(d.MaxCdfGap));
        return table;
    }

    private static string Int(long value) => value.ToString(CultureInfo.InvariantCulture);
}
