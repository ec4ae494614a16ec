using DlSim.Foundation;
using DlSim.Model;
using DlSim.Serving;

namespace DlSim.Analysis.Calibration;

/// <summary>
/// Fits a <see cref="TimingCalibration"/> from real traces. Per executable and stage (runs classified by
/// <see cref="RealRunClassifier"/> as started on an idle mesh or queued behind another run):
/// <list type="bullet">
/// <item>blocked: a run whose next stage waited for its mesh held its output until then (<see cref="RealRunClassifier"/>),
/// so its duration is not a run time; blocked runs count for gaps and delays only;</item>
/// <item>straggler: a run longer than <see cref="StragglerThreshold"/> × the median of its class;</item>
/// <item>latency / busy latency: the mean of the idle / queued runs that are not stragglers (a mean, not a median, because
/// queued runs add up along a busy period and sums follow means; excluding stragglers keeps one slow run from moving it);</item>
/// <item>busy gap: the median of start − previous end over queued runs; idle delay: the median of start − receipt over idle
/// runs, floored at 0 so a stage never starts before it is received (the traces show up to −0.5 ms: client and GPU clocks differ);</item>
/// <item>log sigma: 1.4826 × the median |ln(run ÷ class median)| over non-stragglers (a robust standard deviation);</item>
/// <item>straggler probability and factor: their share of runs and the median of run ÷ class median;</item>
/// <item>level sigma: the spread between windows of <see cref="LevelWindow"/> consecutive runs of their median ln-ratio, less the
/// part the per-run spread explains — slow drift of the run time, drawn once per stochastic replication.</item>
/// </list>
/// Figures without samples (a stage never queued has no gap) fall back to the executable's other stages, then its
/// family's, then all executables', then the seed's constant, and say so.
/// </summary>
public static class CalibrationFitter
{
    /// <summary>A run is a straggler when it takes more than this × the median run of its class.</summary>
    public const double StragglerThreshold = 1.5;
    /// <summary>Runs per window when measuring slow drift of the run time.</summary>
    public const int LevelWindow = 16;

    /// <exception cref="InputException">A trace does not match its inputs, or a placed executable has no runs to fit.</exception>
    public static TimingCalibration Fit(IReadOnlyList<CalibrationSource> sources)
    {
        ArgumentOutOfRangeException.ThrowIfZero(sources.Count);
        var byExecutable = new Dictionary<string, ExecutableRuns>();
        for (int i = 0; i < sources.Count; i++) RealRunClassifier.Collect(sources[i], i, byExecutable);
        CheckEveryPlacedExecutableRan(sources, byExecutable);

        var names = byExecutable.Keys.Order(StringComparer.Ordinal).ToList();
        var raw = names.ToDictionary(n => n, n => byExecutable[n].Stages.Select((runs, s) => FitStage(s, runs)).ToArray());
        var profiles = new Dictionary<string, double[]>();
        foreach (var source in sources)
            foreach (var r in source.Deployment.Replicas)
                profiles.TryAdd(r.Executable.Name, r.Executable.Stages.Select(s => s.LatencyS).ToArray());
        var families = FamilyPools.Build(raw);
        var executables = new List<ExecutableCalibration>();
        foreach (string name in names)
        {
            var stages = raw[name];
            var family = families.First(f => f.Family == ExecutableFamilies.Of(stages.Length));
            var all = families.First(f => f.Family == ExecutableFamilies.All);
            var resolved = stages.Select(s => Resolve(s, stages, family, all)).ToArray();
            var traces = byExecutable[name].Sources.Select(i => sources[i].Trace.File).ToArray();
            executables.Add(new ExecutableCalibration(name, resolved, traces));
        }
        var infos = sources.Select(s => new CalibrationTraceInfo(s.Trace.File, s.WorkloadName, s.PlacementName, s.Trace.Requests)).ToArray();
        return new TimingCalibration(executables, families, infos) { ProfileBiasSigma = RoundRatio(ProfileBias(raw, profiles)) };
    }

    private static void CheckEveryPlacedExecutableRan(IReadOnlyList<CalibrationSource> sources, Dictionary<string, ExecutableRuns> byExecutable)
    {
        var errors = new List<InputError>();
        var reported = new HashSet<string>();
        foreach (var source in sources)
            foreach (var r in source.Deployment.Replicas)
                if (!byExecutable.ContainsKey(r.Executable.Name) && reported.Add(r.Executable.Name))
                    errors.Add(new InputError(source.PlacementName, r.Spec.Line,
                        $"expected runs of every stage of {r.Executable.Name} (replica {r.Index}, service {r.Spec.ServiceName}) in {source.Trace.File}, found none: nothing to fit it from (leave the replica out of the placement)"));
        if (errors.Count > 0) throw new InputException(errors);
    }

    /// <summary>A stage's figures from its own runs; gap and delay are NaN when it has no sample of them.</summary>
    private static StageCalibration FitStage(int stage, List<ObservedRun> all)
    {
        // Blocked runs ended when the next stage could take their output: their durations are not run times
        // (unless every run was blocked: then they are the only, if high, figure there is).
        var runs = all.Any(r => !r.Blocked) ? all.Where(r => !r.Blocked).ToList() : all;
        var idle = runs.Where(r => !r.Queued).Select(r => r.DurationS).ToArray();
        var busy = runs.Where(r => r.Queued).Select(r => r.DurationS).ToArray();
        double idleMedian = RobustStatistics.Median(idle), busyMedian = RobustStatistics.Median(busy);
        var ordinaryIdle = new List<double>();
        var ordinaryBusy = new List<double>();
        var logRatios = new List<double>();
        var stragglerRatios = new List<double>();
        foreach (var r in runs)
        {
            double ratio = r.DurationS / (r.Queued ? busyMedian : idleMedian);
            if (ratio > StragglerThreshold) { stragglerRatios.Add(ratio); continue; }
            (r.Queued ? ordinaryBusy : ordinaryIdle).Add(r.DurationS);
            logRatios.Add(Math.Log(ratio));
        }
        double latency = RobustStatistics.Mean(ordinaryIdle.Count > 0 ? ordinaryIdle : ordinaryBusy);
        double busyLatency = ordinaryBusy.Count > 0 ? RobustStatistics.Mean(ordinaryBusy) : latency;
        double logSigma = RobustStatistics.MadSigma(logRatios, 0);
        var gaps = all.Where(r => r.Queued).Select(r => r.WaitS).ToArray();
        double gapMedian = RobustStatistics.Median(gaps);
        var freed = FreedGap.Fit(all, gapMedian);
        var delays = all.Where(r => !r.Queued && !freed.Holds(r)).Select(r => r.WaitS).ToArray();
        var pauses = Pauses.Find(all, gapMedian, RobustStatistics.Median(delays));
        return new StageCalibration
        {
            Stage = stage,
            LatencyS = Round(latency),
            BusyLatencyS = Round(busyLatency),
            BusyGapS = gaps.Length > 0 ? Round(Math.Max(0, gapMedian)) : double.NaN,
            FreedGapS = Round(freed.GapS),
            PauseProbability = RoundRatio((double)pauses.Length / all.Count),
            PauseDurationsS = [.. pauses.Select(Round)],
            IdleDelayS = delays.Length > 0 ? Round(Math.Max(0, RobustStatistics.Median(delays))) : double.NaN,
            LogSigma = RoundRatio(logSigma),
            LevelSigma = RoundRatio(LevelSigma(runs, idleMedian, busyMedian, logSigma)),
            StragglerProbability = RoundRatio((double)stragglerRatios.Count / runs.Count),
            StragglerFactor = stragglerRatios.Count > 0 ? RoundRatio(RobustStatistics.Median(stragglerRatios)) : 1,
            Counts = new StageSampleCounts(all.Count, idle.Length, busy.Length, stragglerRatios.Count, gaps.Length, delays.Length, all.Count - runs.Count,
                freed.Samples, pauses.Length),
        };
    }

    /// <summary>
    /// Standard deviation of the median ln-ratio of windows of <see cref="LevelWindow"/> consecutive ordinary runs (per source
    /// and class), less in quadrature what independent runs would give (√(π/2) · σ / √window); 0 with fewer than two windows.
    /// </summary>
    private static double LevelSigma(List<ObservedRun> runs, double idleMedian, double busyMedian, double logSigma)
    {
        var windowMedians = new List<double>();
        foreach (bool queued in new[] { false, true })
            foreach (var group in runs.Where(r => r.Queued == queued).GroupBy(r => r.Source))
            {
                double median = queued ? busyMedian : idleMedian;
                var ratios = group.Select(r => r.DurationS / median).Where(x => x <= StragglerThreshold).Select(x => Math.Log(x)).ToArray();
                for (int start = 0; start + LevelWindow <= ratios.Length; start += LevelWindow)
                    windowMedians.Add(RobustStatistics.Median(new ArraySegment<double>(ratios, start, LevelWindow)));
            }
        if (windowMedians.Count < 2) return 0;
        double spread = RobustStatistics.StandardDeviation(windowMedians);
        double independent = Math.Sqrt(Math.PI / 2) * logSigma / Math.Sqrt(LevelWindow);
        return Math.Sqrt(Math.Max(0, spread * spread - independent * independent));
    }

    /// <summary>Standard deviation of ln(fitted ÷ profile latency) over every fitted stage; 0 with fewer than two.</summary>
    private static double ProfileBias(IReadOnlyDictionary<string, StageCalibration[]> stagesByExecutable, IReadOnlyDictionary<string, double[]> profileLatencyS)
    {
        var logs = new List<double>();
        foreach (var (name, stages) in stagesByExecutable.OrderBy(e => e.Key, StringComparer.Ordinal))
            for (int s = 0; s < stages.Length; s++) logs.Add(Math.Log(stages[s].LatencyS / profileLatencyS[name][s]));
        return logs.Count < 2 ? 0 : RobustStatistics.StandardDeviation(logs);
    }

    /// <summary>Fills a missing gap or delay from the executable's other stages, its family, all executables, or the seed.</summary>
    private static StageCalibration Resolve(StageCalibration stage, StageCalibration[] stages, FamilyCalibration family, FamilyCalibration all)
    {
        // A first stage's gap and a later stage's (the hand-off) are different quantities: fall back within the role.
        bool later = stage.Stage > 0;
        var (gap, gapFrom) = Fallback(stage.BusyGapS, stages.Where(s => s.Stage > 0 == later).Select(s => s.BusyGapS),
            later ? family.LaterBusyGapS : family.BusyGapS, family.Family, later ? all.LaterBusyGapS : all.BusyGapS,
            DispatchOverhead.Seed.For(stages.Length));
        var (delay, delayFrom) = Fallback(stage.IdleDelayS, stages.Select(s => s.IdleDelayS), family.IdleDelayS, family.Family, all.IdleDelayS, 0);
        return stage with { BusyGapS = gap, BusyGapFrom = gapFrom, IdleDelayS = delay, IdleDelayFrom = delayFrom };
    }

    private static (double Value, string From) Fallback(double own, IEnumerable<double> executableStages, double family, string familyName,
        double all, double seed)
    {
        if (!double.IsNaN(own)) return (own, CalibrationSources.Fitted);
        var others = executableStages.Where(x => !double.IsNaN(x)).ToArray();
        if (others.Length > 0) return (Round(RobustStatistics.Median(others)), CalibrationSources.Executable);
        if (!double.IsNaN(family)) return (family, familyName);
        if (!double.IsNaN(all)) return (all, ExecutableFamilies.All);
        return (seed, CalibrationSources.Seed);
    }

    /// <summary>Times to the nanosecond: far below the traces' noise, and short enough to read in the file.</summary>
    internal static double Round(double seconds) => double.IsNaN(seconds) ? seconds : Math.Round(seconds, 9);

    /// <summary>Spreads, probabilities and factors to 6 decimals.</summary>
    internal static double RoundRatio(double value) => double.IsNaN(value) ? value : Math.Round(value, 6);
}
