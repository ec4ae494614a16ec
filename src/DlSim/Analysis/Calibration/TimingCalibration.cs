using DlSim.Model;

namespace DlSim.Analysis.Calibration;

/// <summary>How many real runs and samples a stage's figures rest on (informational; written to the file for the reader).</summary>
/// <param name="IdleRuns">Runs that started on an idle mesh.</param>
/// <param name="BusyRuns">Runs queued behind another run on the same GPUs.</param>
/// <param name="Stragglers">Runs longer than <see cref="CalibrationFitter.StragglerThreshold"/> × their class's median.</param>
/// <param name="BlockedRuns">Runs that held their output until the next stage's mesh was ready (left out of the run-time figures).</param>
/// <param name="FreedGapSamples">Idle runs received less than a busy gap after their mesh freed (what <see cref="StageCalibration.FreedGapS"/> rests on).</param>
/// <param name="Pauses">Runs whose start was held far beyond the usual wait (<see cref="StageCalibration.PauseDurationsS"/>).</param>
public sealed record StageSampleCounts(long Runs, long IdleRuns, long BusyRuns, long Stragglers, long BusyGapSamples, long IdleDelaySamples,
    long BlockedRuns = 0, long FreedGapSamples = 0, long Pauses = 0);

/// <summary>
/// Fitted timing of one executable stage, seconds. See docs/calibration.md for how each figure is estimated.
/// </summary>
public sealed record StageCalibration
{
    public required int Stage { get; init; }
    /// <summary>Run time of a run that started on an idle mesh (stragglers excluded); &gt; 0.</summary>
    public required double LatencyS { get; init; }
    /// <summary>Run time of a run queued behind another on the same GPUs (stragglers excluded); &gt; 0.</summary>
    public required double BusyLatencyS { get; init; }
    /// <summary>Start − previous end on the same GPUs for a queued run; ≥ 0.</summary>
    public required double BusyGapS { get; init; }
    /// <summary>Start − receipt on an idle mesh; ≥ 0.</summary>
    public required double IdleDelayS { get; init; }
    /// <summary>Spread of ln(run time ÷ median) of ordinary runs; ≥ 0.</summary>
    public double LogSigma { get; init; }
    /// <summary>Spread of the run-time level between stretches of the trace (drawn once per stochastic replication); ≥ 0.</summary>
    public double LevelSigma { get; init; }
    /// <summary>Fraction of runs that straggle; in [0, 1].</summary>
    public double StragglerProbability { get; init; }
    /// <summary>Median run time of a straggler ÷ the median of its class; ≥ 1.</summary>
    public double StragglerFactor { get; init; } = 1;
    /// <summary>
    /// Least time from the mesh freeing to the start of a run received on it after it freed (the busy gap holds such a run too
    /// in the reference traces); NaN when not fitted (then such a run starts at receipt + idle delay).
    /// </summary>
    public double FreedGapS { get; init; } = double.NaN;
    /// <summary>Fraction of runs whose start a pause of the mesh held (drawn in stochastic mode); in [0, 1].</summary>
    public double PauseProbability { get; init; }
    /// <summary>How long each observed pause held the mesh beyond the usual wait, seconds (drawn from with equal chance); empty: none.</summary>
    public IReadOnlyList<double> PauseDurationsS { get; init; } = [];
    /// <summary>Where <see cref="BusyGapS"/> came from: "fitted", or the pool it fell back to (see <see cref="CalibrationSources"/>).</summary>
    public string BusyGapFrom { get; init; } = CalibrationSources.Fitted;
    /// <summary>Where <see cref="IdleDelayS"/> came from.</summary>
    public string IdleDelayFrom { get; init; } = CalibrationSources.Fitted;
    public StageSampleCounts? Counts { get; init; }
    /// <summary>Line in the calibration file (0 when fitted in memory).</summary>
    public int Line { get; init; }
}

/// <summary>Fitted timings of every stage of one executable.</summary>
/// <param name="Traces">The real traces the figures came from, as named when calibrating.</param>
public sealed record ExecutableCalibration(string Executable, IReadOnlyList<StageCalibration> Stages, IReadOnlyList<string> Traces, int Line = 0);

/// <summary>
/// Figures pooled over the executables of a family (<see cref="ExecutableFamilies"/>), used for executables the
/// calibration has not seen: their run times stay the profile's, their gaps, delays and spreads come from here.
/// </summary>
/// <param name="BusyGapS">Busy gap of first stages (a mesh frees → the next run that was queued there starts).</param>
/// <param name="LaterBusyGapS">Busy gap of the stages after the first: the hand-off gap, from the receiving mesh freeing to the
/// next request's stage starting there (its sender holds its output until then). NaN when no pipeline was fitted.</param>
public sealed record FamilyCalibration(string Family, IReadOnlyList<string> Executables, double BusyGapS, double LaterBusyGapS,
    double IdleDelayS, double LogSigma, double LevelSigma, double StragglerProbability, double StragglerFactor, int Line = 0);

/// <summary>One real trace a calibration was fitted from, with the inputs that produced it.</summary>
public sealed record CalibrationTraceInfo(string Trace, string Workload, string Placement, long Requests);

/// <summary>A calibration: fitted stage timings per executable and pooled figures per family. Read and written by <c>Formats.CalibrationJson</c>.</summary>
/// <param name="File">Where it was read from (for error messages), or "calibration" when fitted in memory.</param>
/// <param name="Handoff">How a pipeline stage passes its output on (<see cref="PipelineHandoff"/>).</param>
public sealed record TimingCalibration(IReadOnlyList<ExecutableCalibration> Executables, IReadOnlyList<FamilyCalibration> Families,
    IReadOnlyList<CalibrationTraceInfo> Traces, string File = "calibration", PipelineHandoff Handoff = PipelineHandoff.Blocking)
{
    /// <summary>
    /// How far profiles miss real run times: the standard deviation of ln(fitted run time ÷ profile latency) over the stages of
    /// every fitted executable; 0 with fewer than two stages. An executable the calibration has not seen runs at its profile
    /// latency, so in stochastic mode it draws this much extra level per replication.
    /// </summary>
    public double ProfileBiasSigma { get; init; }

    public ExecutableCalibration? Find(string executable)
    {
        foreach (var e in Executables) if (e.Executable == executable) return e;
        return null;
    }

    public FamilyCalibration? FindFamily(string family)
    {
        foreach (var f in Families) if (f.Family == family) return f;
        return null;
    }
}

/// <summary>Where a stage figure came from when its own samples were missing (e.g. a stage never queued has no gap).</summary>
public static class CalibrationSources
{
    public const string Fitted = "fitted";
    /// <summary>Median over the executable's other stages.</summary>
    public const string Executable = "executable";
    /// <summary>The seed's constant (no sample anywhere in the calibration).</summary>
    public const string Seed = "seed";

    /// <summary>"fitted", "executable", "seed", or a family name.</summary>
    public static bool IsKnown(string source) =>
        source is Fitted or Executable or Seed || ExecutableFamilies.IsKnown(source);
}

/// <summary>
/// Executables grouped for pooling: overheads differ between single-stage executables (one dispatch per request, about
/// 3.9 ms in the reference traces) and pipelines (about 2.6 ms), so unseen executables borrow from their own kind.
/// </summary>
public static class ExecutableFamilies
{
    public const string SingleStage = "single_stage";
    public const string MultiStage = "multi_stage";
    /// <summary>Every executable of the calibration (used when the own family has none).</summary>
    public const string All = "all";

    public static string Of(int stageCount) => stageCount == 1 ? SingleStage : MultiStage;

    public static bool IsKnown(string family) => family is SingleStage or MultiStage or All;
}

/// <summary>How a pipeline stage passes its output to the next stage.</summary>
public enum PipelineHandoff
{
    /// <summary>Only when the next stage's mesh is ready for it; the sender holds its mesh until then (what the reference traces show).</summary>
    Blocking,
    /// <summary>As soon as the stage ends; the next stage waits in its mesh's queue (the seed's model).</summary>
    Immediate,
}
