using DlSim.Workloads;

namespace DlSim.Serving;

/// <summary>
/// Spread of a stage's run time around its median: log-normal with <see cref="LogSigma"/>, and with
/// probability <see cref="StragglerProbability"/> a straggler run taking <see cref="StragglerFactor"/> times as long.
/// With probability <see cref="PauseProbability"/> a run's start is held by a pause of its mesh, one of
/// <see cref="PauseDurationsS"/> drawn with equal chance (stalls outside the serving model, seen in real traces).
/// </summary>
public readonly record struct StageDistribution(double LogSigma, double StragglerProbability = 0, double StragglerFactor = 1,
    double PauseProbability = 0, IReadOnlyList<double>? PauseDurationsS = null);

/// <summary>
/// Timing of one executable stage as fitted from real traces, replacing the catalog latency and the
/// seed's overhead constants. Seconds.
/// </summary>
/// <param name="LatencyS">Median run time at batch size 1 (other batch sizes scale the profile by the same ratio).</param>
/// <param name="BusyGapS">Delay before a run that was queued behind another on the same GPUs.</param>
/// <param name="IdleDelayS">Delay from receipt to start when the mesh was idle.</param>
/// <param name="Distribution">Spread for stochastic runs; none means every run takes <paramref name="LatencyS"/>.</param>
/// <param name="BusyLatencyS">Run time at batch size 1 of a run queued behind another on the same GPUs; null means
/// <paramref name="LatencyS"/>.</param>
/// <param name="BlockingHandoff">The stage hands its output to the next stage only when the next stage's mesh is ready for it
/// (that mesh's last run's end + the next stage's busy gap − its idle delay), holding its own mesh until then. No effect on a
/// last stage or when the next stage has no fitted timing.</param>
/// <param name="FreedGapS">Least time from the mesh freeing to the start of a run received after it freed: such a run starts at
/// max(receipt + idle delay, freed + this). Null: none (it starts at receipt + idle delay).</param>
public sealed record StageTiming(double LatencyS, double BusyGapS, double IdleDelayS, StageDistribution? Distribution = null,
    double? BusyLatencyS = null, bool BlockingHandoff = false, double? FreedGapS = null);

/// <summary>Where fitted timings come from (a calibration). Consulted when a layout is built, never on the event path.</summary>
public interface IStageTimingModel
{
    /// <summary>The timing of stage <paramref name="stage"/> of the executable, or null to keep the profile and overhead.</summary>
    StageTiming? For(string executable, int stage);
}

/// <summary>Draws stage run times from each slot's distribution (stochastic mode). One per run; seeded.</summary>
public sealed class StageSampler
{
    private readonly double[] _sigma;
    private readonly double[] _stragglerP;
    private readonly double[] _stragglerFactor;
    private readonly double[] _pauseP;
    private readonly double[][] _pauseDurations;
    private readonly DeterministicRng _rng;

    public StageSampler(ServingLayout layout, ulong seed)
    {
        _sigma = layout.SlotSigma;
        _stragglerP = layout.SlotStragglerP;
        _stragglerFactor = layout.SlotStragglerFactor;
        _pauseP = layout.SlotPauseP;
        _pauseDurations = layout.SlotPauseDurationsS;
        _rng = new DeterministicRng(seed);
    }

    /// <summary>A run time for the slot whose median is <paramref name="medianS"/>.</summary>
    public double Draw(int slot, double medianS)
    {
        double x = medianS;
        if (_sigma[slot] > 0) x *= Math.Exp(_sigma[slot] * _rng.NextStandardNormal());
        if (_stragglerP[slot] > 0 && _rng.NextDouble() < _stragglerP[slot]) x *= _stragglerFactor[slot];
        return x;
    }

    /// <summary>How long a pause holds the slot's mesh before this run starts: 0 unless the slot pauses (then drawn; no draw otherwise).</summary>
    public double DrawPause(int slot)
    {
        double p = _pauseP[slot];
        if (p <= 0 || _rng.NextDouble() >= p) return 0;
        var durations = _pauseDurations[slot];
        return durations[(int)(_rng.NextDouble() * durations.Length)];
    }
}
