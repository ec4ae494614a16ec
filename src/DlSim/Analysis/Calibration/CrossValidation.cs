using DlSim.Runs;
using DlSim.Serving;
using DlSim.Workloads;

namespace DlSim.Analysis.Calibration;

/// <summary>
/// One validation of a calibration on data it was not fitted on: the calibrated run and the original tool's model (the seed's
/// constants) on the same inputs, compared with the same real trace over the same requests.
/// </summary>
/// <param name="Trace">The real trace validated on, as named.</param>
/// <param name="FromS">Only requests arriving from here on were compared (the rest of a time-split trace); null: the whole trace.</param>
/// <param name="Borrowed">Executables the calibration had not fitted, as "executable (family)".</param>
public sealed record ValidationResult(string Trace, double? FromS, ComparisonReport Calibrated, ComparisonReport Seed, IReadOnlyList<string> Borrowed);

/// <summary>
/// Validation of calibration on data not used for fitting: on other traces (a calibration fitted at one load, compared at
/// another), or, for a single trace, on its later part after fitting on its first part (<see cref="TimeSplit"/>).
/// </summary>
public static class CrossValidation
{
    /// <summary>Compares <paramref name="calibration"/> with each of <paramref name="targets"/>, beside the seed's model.</summary>
    public static IReadOnlyList<ValidationResult> On(TimingCalibration calibration, IReadOnlyList<CalibrationSource> targets, DispatchOverhead seedOverhead) =>
        [.. targets.Select(t => Validate(calibration, t, seedOverhead, double.NegativeInfinity))];

    /// <summary>
    /// Fits on the requests of every source that arrive in the first <paramref name="fraction"/> of its workload's duration, then
    /// simulates each whole workload with that fit and compares the requests that arrive later (the run up to the cut is simulated
    /// too, so the queue at the cut is the model's own).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="fraction"/> is not strictly between 0 and 1.</exception>
    /// <exception cref="InputException">A fitting part has no runs of a placed executable (cut too early).</exception>
    public static IReadOnlyList<ValidationResult> TimeSplit(IReadOnlyList<CalibrationSource> sources, double fraction, DispatchOverhead seedOverhead)
    {
        if (!(fraction > 0 && fraction < 1)) throw new ArgumentOutOfRangeException(nameof(fraction), fraction, "expected a fraction strictly between 0 and 1");
        var cuts = sources.Select(s => CutS(s.Workload, fraction)).ToArray();
        var fitted = CalibrationFitter.Fit([.. sources.Select((s, i) => Before(s, cuts[i]))]);
        return [.. sources.Select((s, i) => Validate(fitted, s, seedOverhead, cuts[i]))];
    }

    /// <summary>Where the fitting part of a workload ends: the fraction of its stated duration (of its last arrival when it states none).</summary>
    public static double CutS(Workload workload, double fraction)
    {
        double duration = workload.Header.DurationS > 0 ? workload.Header.DurationS : workload.Count > 0 ? workload.ArrivalsS[^1] : 0;
        return fraction * duration;
    }

    private static ValidationResult Validate(TimingCalibration calibration, CalibrationSource target, DispatchOverhead seedOverhead, double fromS)
    {
        var timing = CalibratedTiming.For(calibration, target.Deployment);
        var calibrated = Compare(target, new SimulationOptions { Timing = timing }, fromS);
        var seed = Compare(target, new SimulationOptions { Overhead = seedOverhead }, fromS);
        return new ValidationResult(target.Trace.File, double.IsNegativeInfinity(fromS) ? null : fromS, calibrated, seed, timing.Borrowed);
    }

    private static ComparisonReport Compare(CalibrationSource source, SimulationOptions options, double fromS)
    {
        var simulated = Simulation.Run(source.Deployment, source.Workload, options with { RecordStageTimes = true }).StageTimes!;
        return TraceComparison.Compare(source.Workload, simulated, source.Trace, worst: 0, fromArrivalS: fromS);
    }

    /// <summary>The source cut to the requests arriving before <paramref name="cutS"/> (workload and trace alike).</summary>
    public static CalibrationSource Before(CalibrationSource source, double cutS)
    {
        var w = source.Workload;
        int count = 0;
        while (count < w.Count && w.ArrivalsS[count] < cutS) count++;
        var workload = new Workload(w.Header, w.ModelIds[..count], w.ArrivalsS[..count]);
        var models = source.Trace.Models.Select(m => Keep(m, j => m.RequestIds[j] < count)).ToArray();
        return source with { Workload = workload, Trace = source.Trace with { Models = models } };
    }

    private static RealModelTrace Keep(RealModelTrace m, Func<int, bool> keep)
    {
        var entries = Enumerable.Range(0, m.Count).Where(keep).ToArray();
        return new RealModelTrace
        {
            ModelId = m.ModelId,
            Line = m.Line,
            RequestIds = [.. entries.Select(j => m.RequestIds[j])],
            RequestLines = [.. entries.Select(j => m.RequestLines[j])],
            RequestListLine = m.RequestListLine,
            ArrivalsS = [.. entries.Select(j => m.ArrivalsS[j])],
            ArrivalLines = [.. entries.Select(j => m.ArrivalLines[j])],
            E2eLatencyS = [.. entries.Select(j => m.E2eLatencyS[j])],
            Stages = [.. m.Stages.Select(stage => entries.Select(j => stage[j]).ToArray())],
            StagesLine = m.StagesLine,
        };
    }
}
