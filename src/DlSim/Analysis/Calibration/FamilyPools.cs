namespace DlSim.Analysis.Calibration;

/// <summary>
/// Pools fitted stage figures per <see cref="ExecutableFamilies">family</see>: gaps (first stages and later stages apart,
/// since a later stage's gap is the hand-off), delays, spreads and straggler factors are medians over the family's stages
/// that have samples of them; the straggler probability is the family's
/// stragglers ÷ its runs. A figure no stage has a sample of is NaN here (the seed's constant at use time).
/// </summary>
public static class FamilyPools
{
    /// <param name="stagesByExecutable">Each executable's stages as fitted from its own runs (gap or delay NaN when unsampled).</param>
    /// <returns>One pool per family that has executables, then <see cref="ExecutableFamilies.All"/>.</returns>
    public static IReadOnlyList<FamilyCalibration> Build(IReadOnlyDictionary<string, StageCalibration[]> stagesByExecutable)
    {
        var pools = new List<FamilyCalibration>();
        foreach (string family in new[] { ExecutableFamilies.SingleStage, ExecutableFamilies.MultiStage, ExecutableFamilies.All })
        {
            var members = stagesByExecutable
                .Where(e => family == ExecutableFamilies.All || ExecutableFamilies.Of(e.Value.Length) == family)
                .OrderBy(e => e.Key, StringComparer.Ordinal).ToArray();
            if (members.Length == 0) continue;
            var stages = members.SelectMany(m => m.Value).ToArray();
            long runs = stages.Sum(s => s.Counts?.Runs ?? 0), stragglers = stages.Sum(s => s.Counts?.Stragglers ?? 0);
            var factors = stages.Where(s => (s.Counts?.Stragglers ?? 0) > 0).Select(s => s.StragglerFactor).ToArray();
            pools.Add(new FamilyCalibration(family, members.Select(m => m.Key).ToArray(),
                BusyGapS: MedianOfSampled(stages.Where(s => s.Stage == 0).Select(s => s.BusyGapS)),
                LaterBusyGapS: MedianOfSampled(stages.Where(s => s.Stage > 0).Select(s => s.BusyGapS)),
                IdleDelayS: MedianOfSampled(stages.Select(s => s.IdleDelayS)),
                LogSigma: CalibrationFitter.RoundRatio(RobustStatistics.Median(stages.Select(s => s.LogSigma).ToArray())),
                LevelSigma: CalibrationFitter.RoundRatio(RobustStatistics.Median(stages.Select(s => s.LevelSigma).ToArray())),
                StragglerProbability: runs == 0 ? 0 : CalibrationFitter.RoundRatio((double)stragglers / runs),
                StragglerFactor: factors.Length > 0 ? CalibrationFitter.RoundRatio(RobustStatistics.Median(factors)) : 1));
        }
        return pools;
    }

    private static double MedianOfSampled(IEnumerable<double> values) =>
        CalibrationFitter.Round(RobustStatistics.Median(values.Where(v => !double.IsNaN(v)).ToArray()));
}
