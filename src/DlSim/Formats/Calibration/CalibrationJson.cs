using DlSim.Analysis.Calibration;
using DlSim.Formats.Json;
using DlSim.Foundation;
using DlSim.Model;

namespace DlSim.Formats.Calibration;

/// <summary>
/// Reads a calibration file (docs/calibration.md): <c>{format, version, executables: [{executable, stages: [...]}],
/// families: [...]}</c>. Required per stage: latency_s, busy_gap_s, idle_delay_s; the rest default to the
/// deterministic model (no spread). Every problem is reported as file:line.
/// </summary>
public static class CalibrationJson
{
    public const string Format = "dlsim-calibration";
    public const int Version = 1;

    /// <summary>Largest log-normal spread (sigma) accepted: e^(5·z) already spans many orders of magnitude;
    /// an absurd spread would draw infinite run times and turn every figure into NaN.</summary>
    public const double MaxSpread = 5;

    /// <summary>Largest straggler factor or threshold accepted.</summary>
    public const double MaxFactor = 1e6;

    private const string SpreadText = "a spread from 0 to 5 (the limit)";
    private const string FactorText = "a factor from 1 to 1e6 (the limit)";

    private static readonly string[] TopFields = ["format", "version", "straggler_threshold", "handoff", "profile_bias_sigma", "traces", "executables", "families"];
    private static readonly string[] TraceFields = ["trace", "workload", "placement", "requests"];
    private static readonly string[] ExecutableFields = ["executable", "traces", "stages"];
    private static readonly string[] CountFields =
        ["runs", "idle_runs", "busy_runs", "stragglers", "busy_gap_samples", "idle_delay_samples", "blocked_runs", "freed_gap_samples", "pauses"];
    private static readonly string[] StageFields =
    [
        "stage", "latency_s", "busy_latency_s", "busy_gap_s", "idle_delay_s", "freed_gap_s", "log_sigma", "level_sigma",
        "straggler_probability", "straggler_factor", "pause_probability", "pause_durations_s", "busy_gap_from", "idle_delay_from", .. CountFields,
    ];
    private static readonly string[] FamilyFields =
        ["family", "executables", "busy_gap_s", "later_busy_gap_s", "idle_delay_s", "log_sigma", "level_sigma", "straggler_probability", "straggler_factor"];

    public static TimingCalibration Read(string path) => Parse(JsonNode.ParseFile(path), path);

    public static TimingCalibration Parse(JsonNode root, string file)
    {
        var errors = JsonObjectFile.Of(root, file, "a calibration object {format, version, executables, families}").Errors;
        var top = new FieldReader(root, errors, "the calibration");
        top.RejectUnknown(TopFields);
        string? format = top.Fields.String("format");
        if (format is not null && format != Format) errors.Add(root.Get("format")!.Line, $"expected format \"{Format}\", found \"{format}\"");
        top.Number("version", double.NaN, v => v == Version, $"{Version}");
        top.Number("straggler_threshold", CalibrationFitter.StragglerThreshold, v => v is >= 1 and <= MaxFactor, FactorText);
        var handoff = ReadHandoff(root, errors);
        double bias = top.Number("profile_bias_sigma", 0, v => v is >= 0 and <= MaxSpread, SpreadText);
        var traces = root.Get("traces") is null ? [] : top.List("traces")?.Items.Select(t => ReadTrace(t, errors)).OfType<CalibrationTraceInfo>().ToArray() ?? [];
        var executables = new List<ExecutableCalibration>();
        if (top.List("executables", required: true) is { } list)
            foreach (var node in list.Items)
                if (ReadExecutable(node, errors) is { } e)
                {
                    if (executables.Any(x => x.Executable == e.Executable))
                        errors.Add(node.Line, $"expected each executable once, found {e.Executable} again");
                    else executables.Add(e);
                }
        var families = new List<FamilyCalibration>();
        if (root.Get("families") is not null && top.List("families") is { } familyList)
            foreach (var node in familyList.Items)
                if (ReadFamily(node, errors) is { } f)
                {
                    if (families.Any(x => x.Family == f.Family)) errors.Add(node.Line, $"expected each family once, found {f.Family} again");
                    else families.Add(f);
                }
        errors.ThrowIfAny();
        return new TimingCalibration(executables, families, traces, file, handoff) { ProfileBiasSigma = bias };
    }

    private static CalibrationTraceInfo? ReadTrace(JsonNode node, InputErrorList errors)
    {
        if (!IsObject(node, errors, "each entry of traces", "{trace, workload, placement, requests}")) return null;
        var r = new FieldReader(node, errors, "a trace entry");
        r.RejectUnknown(TraceFields);
        string? trace = r.Fields.String("trace"), workload = r.Fields.String("workload"), placement = r.Fields.String("placement");
        double requests = r.Number("requests", double.NaN, IsCount, "a count ≥ 0");
        return trace is null || workload is null || placement is null || double.IsNaN(requests) ? null
            : new CalibrationTraceInfo(trace, workload, placement, (long)requests);
    }

    private static ExecutableCalibration? ReadExecutable(JsonNode node, InputErrorList errors)
    {
        if (!IsObject(node, errors, "each entry of executables", "{executable, traces, stages}")) return null;
        var r = new FieldReader(node, errors, "an executable entry");
        r.RejectUnknown(ExecutableFields);
        string? name = r.Fields.String("executable");
        var traces = node.Get("traces") is null ? [] : r.Strings("traces");
        var stagesNode = r.List("stages", required: true);
        if (name is null || stagesNode is null || traces is null) return null;
        if (stagesNode.Items.Count == 0)
        {
            errors.Add(stagesNode.Line, $"expected at least one stage for {name}, found none");
            return null;
        }
        var stages = new List<StageCalibration>();
        for (int s = 0; s < stagesNode.Items.Count; s++)
            if (ReadStage(stagesNode.Items[s], s, name, errors) is { } stage) stages.Add(stage);
        return stages.Count == stagesNode.Items.Count ? new ExecutableCalibration(name, stages, traces, node.Line) : null;
    }

    private static StageCalibration? ReadStage(JsonNode node, int index, string executable, InputErrorList errors)
    {
        string what = $"stage {index} of {executable}";
        if (!IsObject(node, errors, what, "{stage, latency_s, busy_gap_s, idle_delay_s, ...}")) return null;
        var r = new FieldReader(node, errors, what);
        r.RejectUnknown(StageFields);
        double stage = r.Number("stage", double.NaN, v => v == index, $"{index} (stages in order from 0)");
        double latency = r.Number("latency_s", double.NaN, v => v > 0 && v <= Limits.MaxSeconds, "seconds > 0, at most 1e12");
        double busyLatency = r.Number("busy_latency_s", latency, v => v > 0 && v <= Limits.MaxSeconds, "seconds > 0, at most 1e12");
        double gap = r.Number("busy_gap_s", double.NaN, v => v >= 0 && v <= Limits.MaxSeconds, "seconds ≥ 0, at most 1e12");
        double delay = r.Number("idle_delay_s", double.NaN, v => v >= 0 && v <= Limits.MaxSeconds, "seconds ≥ 0, at most 1e12");
        double freedGap = node.Get("freed_gap_s") is null ? double.NaN
            : r.NumberOrNull("freed_gap_s", v => v >= 0 && v <= Limits.MaxSeconds, "seconds ≥ 0, at most 1e12, or null");
        bool freedGapFailed = node.Get("freed_gap_s") is { Kind: not JsonKind.Null } && double.IsNaN(freedGap);
        double pauseP = r.Number("pause_probability", 0, v => v is >= 0 and <= 1, "a probability in [0, 1]");
        var pauses = node.Get("pause_durations_s") is null ? [] : r.Numbers("pause_durations_s", v => v > 0 && v <= Limits.MaxSeconds, "seconds > 0, at most 1e12");
        double sigma = r.Number("log_sigma", 0, v => v is >= 0 and <= MaxSpread, SpreadText);
        double level = r.Number("level_sigma", 0, v => v is >= 0 and <= MaxSpread, SpreadText);
        double p = r.Number("straggler_probability", 0, v => v is >= 0 and <= 1, "a probability in [0, 1]");
        double factor = r.Number("straggler_factor", 1, v => v is >= 1 and <= MaxFactor, FactorText);
        string gapFrom = r.Source("busy_gap_from"), delayFrom = r.Source("idle_delay_from");
        var counts = CountFields.Any(f => node.Get(f) is not null)
            ? CountFields.Select(f => r.Number(f, 0, IsCount, "a count ≥ 0")).ToArray() : null;
        double[] required = [stage, latency, busyLatency, gap, delay, sigma, level, p, factor];
        if (required.Any(double.IsNaN) || counts?.Any(double.IsNaN) == true || freedGapFailed || double.IsNaN(pauseP) || pauses is null) return null;
        if (pauseP > 0 && pauses.Length == 0)
        {
            errors.Add(node.Line, $"expected \"pause_durations_s\" to list at least one pause in {what} since its pause_probability is {pauseP}, found none");
            return null;
        }
        return new StageCalibration
        {
            Stage = index, LatencyS = latency, BusyLatencyS = busyLatency, BusyGapS = gap, IdleDelayS = delay,
            LogSigma = sigma, LevelSigma = level, StragglerProbability = p, StragglerFactor = factor,
            FreedGapS = freedGap, PauseProbability = pauseP, PauseDurationsS = pauses,
            BusyGapFrom = gapFrom, IdleDelayFrom = delayFrom, Line = node.Line,
            Counts = counts is null ? null : new StageSampleCounts((long)counts[0], (long)counts[1], (long)counts[2], (long)counts[3], (long)counts[4],
                (long)counts[5], (long)counts[6], (long)counts[7], (long)counts[8]),
        };
    }

    private static FamilyCalibration? ReadFamily(JsonNode node, InputErrorList errors)
    {
        if (!IsObject(node, errors, "each entry of families", "{family, busy_gap_s, idle_delay_s, ...}")) return null;
        var r = new FieldReader(node, errors, "a family entry");
        r.RejectUnknown(FamilyFields);
        string? family = r.Fields.String("family");
        if (family is not null && !ExecutableFamilies.IsKnown(family))
        {
            errors.Add(node.Get("family")!.Line, $"expected family {ExecutableFamilies.SingleStage}, {ExecutableFamilies.MultiStage} or {ExecutableFamilies.All}, found \"{family}\"");
            family = null;
        }
        var executables = node.Get("executables") is null ? [] : r.Strings("executables");
        double gap = r.NumberOrNull("busy_gap_s", v => v >= 0 && v <= Limits.MaxSeconds, "seconds ≥ 0, at most 1e12, or null");
        double later = node.Get("later_busy_gap_s") is null ? double.NaN : r.NumberOrNull("later_busy_gap_s", v => v >= 0 && v <= Limits.MaxSeconds, "seconds ≥ 0, at most 1e12, or null");
        double delay = r.NumberOrNull("idle_delay_s", v => v >= 0 && v <= Limits.MaxSeconds, "seconds ≥ 0, at most 1e12, or null");
        double sigma = r.Number("log_sigma", 0, v => v is >= 0 and <= MaxSpread, SpreadText);
        double level = r.Number("level_sigma", 0, v => v is >= 0 and <= MaxSpread, SpreadText);
        double p = r.Number("straggler_probability", 0, v => v is >= 0 and <= 1, "a probability in [0, 1]");
        double factor = r.Number("straggler_factor", 1, v => v is >= 1 and <= MaxFactor, FactorText);
        if (family is null || executables is null || r.Failed) return null;
        return new FamilyCalibration(family, executables, gap, later, delay, sigma, level, p, factor, node.Line);
    }

    /// <summary>"blocking" (also when absent) or "immediate".</summary>
    private static PipelineHandoff ReadHandoff(JsonNode root, InputErrorList errors)
    {
        var node = root.Get("handoff");
        if (node is null) return PipelineHandoff.Blocking;
        foreach (var value in Enum.GetValues<PipelineHandoff>())
            if (node.Kind == JsonKind.String && node.Text == EnumNames.Of(value)) return value;
        errors.Add(node.Line, $"expected handoff {EnumNames.List<PipelineHandoff>()}, found {node.KindName}");
        return PipelineHandoff.Blocking;
    }

    private static bool IsCount(double v) => v >= 0 && v == Math.Floor(v) && v <= long.MaxValue;

    private static bool IsObject(JsonNode node, InputErrorList errors, string what, string shape)
    {
        if (node.Kind == JsonKind.Object) return true;
        errors.Add(node.Line, $"expected {what} to be an object {shape}, found {node.KindName}");
        return false;
    }
}
