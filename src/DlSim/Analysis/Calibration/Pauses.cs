namespace DlSim.Analysis.Calibration;

/// <summary>
/// Rare stalls that hold a mesh: a run whose start came more than <see cref="ThresholdS"/> later than its class's usual wait
/// (the busy gap for a queued run, the idle delay for one received on an idle mesh). The reference traces' waits otherwise stay
/// within ~5 ms; the 50 Hz inter-op trace has one first stage that starts 71 ms after its mesh freed, with ~40 requests queued
/// behind it. The pause is the excess over the usual wait; stochastic mode draws pauses with the same frequency per run.
/// </summary>
public static class Pauses
{
    /// <summary>How far beyond the usual wait a start must come to count as paused: above every ordinary wait in the reference traces.</summary>
    public const double ThresholdS = 10e-3;

    /// <returns>The excess wait of each paused run, in run order.</returns>
    public static double[] Find(IReadOnlyList<ObservedRun> runs, double busyGapS, double idleDelayS)
    {
        var pauses = new List<double>();
        foreach (var r in runs)
        {
            double usual = r.Queued ? busyGapS : idleDelayS;
            if (double.IsNaN(usual)) continue;
            double excess = r.WaitS - usual;
            if (excess > ThresholdS) pauses.Add(excess);
        }
        return [.. pauses];
    }
}
