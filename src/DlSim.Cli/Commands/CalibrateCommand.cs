using System.CommandLine;
using System.Globalization;
using DlSim.Analysis.Calibration;
using DlSim.Cli.Output;
using DlSim.Formats;
using DlSim.Formats.Calibration;
using DlSim.Formats.ClusterTrace;
using DlSim.Formats.SeedPlacement;
using DlSim.Foundation;
using DlSim.Model;
using DlSim.Placement;
using DlSim.Serving;
using DlSim.Workloads;

namespace DlSim.Cli.Commands;

/// <summary>
/// <c>dlsim calibrate -t TRACE -w WORKLOAD -p PLACEMENT [-t … -w … -p …] -o calibration.json</c>: fits stage timings
/// from real traces. The i-th -t, -w and -p form the i-th triple (the trace and the inputs that produced it).
/// </summary>
public static class CalibrateCommand
{
    public static Command Build(CliContext context)
    {
        var cluster = new ClusterOptions();
        var traces = Repeated("--trace", "-t", "Real cluster trace (JSON keyed by model id). Repeat once per trace; the i-th -t goes with the i-th -w and -p.");
        var workloads = Repeated("--workload", "-w", "Workload file (seed CSV) the i-th trace recorded.");
        var placements = Repeated("--placement", "-p", "Placement file (seed JSON) the i-th trace ran on.");
        var serviceMaps = new Option<string[]>("--service-map", "--service_map")
        {
            Description = "Which service serves each model id, e.g. 0=Bert_2.6B_0,1=Bert_2.6B_1: once for every triple, or once per triple in order. Default: model i → the i-th service.",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var output = new Option<string>("--output", "-o") { Description = "Where to write the calibration (JSON; see docs/calibration.md, 'Calibration file').", Required = true }.IsOutputFile();
        var leaveOneOut = new Option<bool>("--leave-one-out")
        {
            Description = "Also validate: for each trace, fit on all the others, simulate it with that fit and compare with the real trace, " +
                          "beside the seed's model (needs two or more triples). Prints a table; --json writes the comparisons.",
        };
        var validateOn = new Option<string[]>("--validate-on")
        {
            Description = "Also compare the fitted calibration with a trace it was not fitted on, e.g. the same placement at another load: " +
                          "TRACE,WORKLOAD,PLACEMENT (default service map). Repeat per trace. Prints a table beside the original tool's model on the same inputs.",
            Arity = ArgumentArity.ZeroOrMore,
            AllowMultipleArgumentsPerToken = false,
        };
        var timeSplit = new Option<double?>("--time-split")
        {
            Description = "Also validate over time, for a single trace: fit on the requests arriving in the first fraction F (0 < F < 1) of each workload's duration, " +
                          "simulate each whole workload with that fit and compare the requests arriving later. The -o calibration is still fitted on the whole traces.",
        };
        var json = new JsonOption();
        json.Option.Description = "With --leave-one-out, --validate-on or --time-split: write their comparisons as JSON to FILE ({\"leave_one_out\": [...], \"validation\": [...]}); " +
                                  "with no FILE, print JSON to stdout instead of the tables.";

        var command = new Command("calibrate",
            "Fit, per executable and stage, the run-time distribution (median spread, stragglers, slow drift), the gap after a queued run's predecessor " +
            "(for a pipeline's later stage, the hand-off gap) and the delay on an idle mesh, from real traces; runs held until the next stage took their output are left out of the run times.");
        cluster.AddTo(command);
        foreach (var o in new Option[] { traces, workloads, placements, serviceMaps, output, leaveOneOut, validateOn, timeSplit, json.Option }) command.Options.Add(o);
        command.SetAction(parse =>
        {
            string[] t = parse.GetValue(traces) ?? [], w = parse.GetValue(workloads) ?? [], p = parse.GetValue(placements) ?? [];
            string[] maps = parse.GetValue(serviceMaps) ?? [];
            if (t.Length != w.Length || t.Length != p.Length)
                throw new InputException(parse.Typed(traces), 0, $"expected one -w WORKLOAD and one -p PLACEMENT per -t TRACE (triples in order), found {t.Length} trace(s), {w.Length} workload(s), {p.Length} placement(s)");
            if (maps.Length > 1 && maps.Length != t.Length)
                throw new InputException(parse.Typed(serviceMaps), 0, $"expected one --service-map for all triples or one per triple ({t.Length}), found {maps.Length}");
            bool validate = parse.GetValue(leaveOneOut);
            if (validate && t.Length < 2)
                throw new InputException("--leave-one-out", 0, $"expected two or more -t -w -p triples (one to hold out, the rest to fit on), found {t.Length}");
            string[] targets = parse.GetValue(validateOn) ?? [];
            double? split = parse.GetValue(timeSplit);
            if (split is double f && !(f > 0 && f < 1))
                throw new InputException("--time-split", 0, $"expected a fraction strictly between 0 and 1 (the share of each trace to fit on), found {f.ToString(CultureInfo.InvariantCulture)}");
            bool crossValidate = targets.Length > 0 || split is not null;
            if (json.Requested(parse) && !validate && !crossValidate)
                throw new InputException("--json", 0, "expected --leave-one-out, --validate-on or --time-split with it (the calibration itself is the -o file), found none");
            var sources = new List<CalibrationSource>();
            for (int i = 0; i < t.Length; i++)
                sources.Add(LoadSource(parse, cluster, t[i], w[i], p[i], maps.Length == 0 ? null : maps[Math.Min(i, maps.Length - 1)]));
            var validationTargets = targets.Select(target => LoadTarget(parse, cluster, target)).ToArray();
            var calibration = CalibrationFitter.Fit(sources);
            string path = parse.GetValue(output)!;
            var heldOut = validate ? LeaveOneOut.Run(sources, DispatchOverhead.Seed) : null;
            List<ValidationResult>? validation = crossValidate ? [] : null;
            validation?.AddRange(CrossValidation.On(calibration, validationTargets, DispatchOverhead.Seed));
            if (split is double fraction) validation!.AddRange(TimeSplitOrExplain(sources, fraction));
            CalibrationJsonWriter.Write(calibration, path);
            if (heldOut is not null || validation is not null) json.Write(parse, context, s => ValidationOutput.WriteJson(heldOut, validation, s));
            if (json.ToStdout(parse)) return ExitCodes.Ok;
            WriteTables(calibration, context.Out);
            if (heldOut is not null) LeaveOneOutOutput.WriteTable(heldOut, context.Out);
            if (validation is not null) ValidationOutput.WriteTable(validation, context.Out);
            context.Out.WriteLine($"calibration: {path}");
            if (json.Requested(parse)) context.Out.WriteLine($"validation: {parse.GetValue(json.Option)}");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Option<string[]> Repeated(string name, string alias, string description) =>
        new(name, alias) { Description = description, Required = true, Arity = ArgumentArity.OneOrMore, AllowMultipleArgumentsPerToken = false };

    /// <summary>A --validate-on TRACE,WORKLOAD,PLACEMENT triple, loaded like a -t -w -p triple.</summary>
    private static CalibrationSource LoadTarget(ParseResult parse, ClusterOptions cluster, string target)
    {
        string[] parts = target.Split(',');
        if (parts.Length != 3 || parts.Any(string.IsNullOrWhiteSpace))
            throw new InputException("--validate-on", 0, $"expected TRACE,WORKLOAD,PLACEMENT (three paths separated by commas), found '{target}'");
        return LoadSource(parse, cluster, parts[0], parts[1], parts[2], null);
    }

    /// <summary>The time split, with a cut so early that an executable has no runs before it reported as bad input on --time-split.</summary>
    private static IReadOnlyList<ValidationResult> TimeSplitOrExplain(IReadOnlyList<CalibrationSource> sources, double fraction)
    {
        if (sources.Any(s => s.Workload.ArrivalsS.Count(a => a < CrossValidation.CutS(s.Workload, fraction)) == 0))
            throw new InputException("--time-split", 0, $"expected requests before the cut of every trace, found none before {fraction.ToString(CultureInfo.InvariantCulture)} of a workload's duration (raise F)");
        if (sources.Any(s => s.Workload.ArrivalsS.Count(a => a >= CrossValidation.CutS(s.Workload, fraction)) == 0))
            throw new InputException("--time-split", 0, $"expected requests after the cut of every trace, found none after {fraction.ToString(CultureInfo.InvariantCulture)} of a workload's duration (lower F)");
        return CrossValidation.TimeSplit(sources, fraction, DispatchOverhead.Seed);
    }

    private static CalibrationSource LoadSource(ParseResult parse, ClusterOptions clusterOptions, string trace, string workloadPath,
        string placementPath, string? map)
    {
        var clusterSpec = clusterOptions.LoadCluster(parse);
        var catalog = clusterOptions.LoadCatalog(parse);
        Workload workload;
        using (var source = WorkloadFiles.OpenRead(workloadPath)) workload = Workload.ReadAll(source);
        var placement = SeedPlacementJson.Read(placementPath);
        var serviceMap = map is null ? ServiceMap.Default(placement) : ServiceMap.Parse(map);
        var deployment = Deployment.Resolve(clusterSpec, catalog, placement, serviceMap, workload.Header.ModelCount, placementPath);
        return new CalibrationSource(ClusterTraceJson.Read(trace), workload, deployment, placementPath, workloadPath);
    }

    /// <summary>Fitted figures per executable stage, then the family pools; times in ms.</summary>
    public static void WriteTables(TimingCalibration calibration, TextWriter w)
    {
        var stages = new TextTable("executable", "stage", "runs", "idle_runs", "busy_runs", "blocked_runs", "latency_ms", "busy_latency_ms", "busy_gap_ms",
            "idle_delay_ms", "log_sigma", "level_sigma", "straggler_p", "straggler_x", "gap_from", "delay_from");
        foreach (var e in calibration.Executables)
            foreach (var s in e.Stages)
            {
                var c = s.Counts;
                stages.Add(e.Executable, Int(s.Stage), c is null ? "-" : Int(c.Runs), c is null ? "-" : Int(c.IdleRuns), c is null ? "-" : Int(c.BusyRuns), c is null ? "-" : Int(c.BlockedRuns),
                    ReportTables.Ms(s.LatencyS), ReportTables.Ms(s.BusyLatencyS), ReportTables.Ms(s.BusyGapS), ReportTables.Ms(s.IdleDelayS),
                    Ratio(s.LogSigma), Ratio(s.LevelSigma), Ratio(s.StragglerProbability), Ratio(s.StragglerFactor), s.BusyGapFrom, s.IdleDelayFrom);
            }
        stages.WriteTo(w);
        w.WriteLine();
        var families = new TextTable("family", "executables", "busy_gap_ms", "later_busy_gap_ms", "idle_delay_ms", "log_sigma", "level_sigma",
            "straggler_p", "straggler_x");
        foreach (var f in calibration.Families)
            families.Add(f.Family, Int(f.Executables.Count), ReportTables.Ms(f.BusyGapS), ReportTables.Ms(f.LaterBusyGapS), ReportTables.Ms(f.IdleDelayS), Ratio(f.LogSigma),
                Ratio(f.LevelSigma), Ratio(f.StragglerProbability), Ratio(f.StragglerFactor));
        families.WriteTo(w);
        w.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"profile bias (spread of fitted ÷ profile run time, drawn for executables not fitted): {Ratio(calibration.ProfileBiasSigma)}"));
    }

    private static string Int(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Ratio(double value) => double.IsFinite(value) ? value.ToString("F4", CultureInfo.InvariantCulture) : "-";
}
