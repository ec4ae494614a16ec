namespace DlSim.Analysis.Calibration;

/// <summary>
/// Whether the busy gap also holds a run received on an idle mesh that freed only just before. In the reference traces a
/// request arriving 0.5 ms after its first-stage mesh freed starts ~2.1 ms after arrival, one arriving 1.5 ms after ~1.1 ms,
/// and one arriving 2.5 ms or more after with the usual idle delay: the serving system needs its gap after each run, whether
/// the next run was queued or not, and this happens more often the higher the load. Fitted per stage as the median of
/// start − mesh freed over the idle runs received less than the stage's busy gap after their mesh freed.
/// </summary>
public readonly record struct FreedGap(double GapS, int Samples, double WithinS)
{
    /// <summary>Fewest such runs the figure is fitted from; with fewer the stage has none (NaN).</summary>
    public const int MinSamples = 20;

    public static FreedGap None => new(double.NaN, 0, 0);

    /// <summary>The run was received on an idle mesh within the window this figure was fitted over (so its delay is not an idle delay).</summary>
    public bool Holds(ObservedRun r) => !double.IsNaN(GapS) && !r.Queued && r.SinceFreeS < WithinS;

    /// <param name="busyGapS">The stage's median busy gap (NaN when it never queued: then no figure).</param>
    public static FreedGap Fit(IReadOnlyList<ObservedRun> runs, double busyGapS)
    {
        if (!(busyGapS > 0)) return None;
        var sinceFreed = new List<double>();
        foreach (var r in runs)
            if (!r.Queued && r.SinceFreeS < busyGapS) sinceFreed.Add(r.SinceFreeS + r.WaitS);
        return sinceFreed.Count < MinSamples ? None : new FreedGap(Math.Max(0, RobustStatistics.Median(sinceFreed)), sinceFreed.Count, busyGapS);
    }
}
