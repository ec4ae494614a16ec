using DlSim.Analysis;
using DlSim.Analysis.Calibration;
using DlSim.Formats.ClusterTrace;
using DlSim.Runs;
using DlSim.Serving;
using DlSim.Tests.Parity;

namespace DlSim.Tests.Analysis.Calibration;

/// <summary>The five reference traces as calibration sources, and comparisons of a calibrated run with a trace.</summary>
public static class CalibrationCases
{
    /// <summary>Indices into <see cref="ParityCase.All"/> of the rows with a real trace, in table order.</summary>
    public static readonly int[] TraceRows = [.. Enumerable.Range(0, ParityCase.All.Length).Where(i => ParityCase.All[i].Trace is not null)];

    public static CalibrationSource Source(ParityCase c)
    {
        var workload = c.LoadWorkload();
        return new CalibrationSource(ClusterTraceJson.Read(TraceFiles.TracePath(c)), workload, c.Deploy(workload),
            ReferenceData.Placement(c.Placement), ReferenceData.Workload(c.Workload));
    }

    private static readonly Lazy<TimingCalibration> FromAll =
        new(() => CalibrationFitter.Fit([.. TraceRows.Select(r => Source(ParityCase.All[r]))]));

    /// <summary>Fitted on all five traces (cached; a calibration is immutable).</summary>
    public static TimingCalibration All => FromAll.Value;

    /// <summary>Fitted on the four traces other than row <paramref name="heldOut"/> (cached per row).</summary>
    public static TimingCalibration AllBut(int heldOut) => FromAllBut[heldOut].Value;

    private static readonly Lazy<TimingCalibration>[] FromAllBut = [.. Enumerable.Range(0, ParityCase.All.Length).Select(heldOut =>
        new Lazy<TimingCalibration>(() => CalibrationFitter.Fit([.. TraceRows.Where(r => r != heldOut).Select(r => Source(ParityCase.All[r]))])))];

    /// <summary>Simulates row <paramref name="row"/> with the calibration applied (deterministic) and compares with its trace.</summary>
    public static ComparisonReport Compare(int row, TimingCalibration calibration, int worst = 0)
    {
        var c = ParityCase.All[row];
        var workload = c.LoadWorkload();
        var deployment = c.Deploy(workload);
        var options = new SimulationOptions { RecordStageTimes = true, Timing = CalibratedTiming.For(calibration, deployment) };
        var simulated = Simulation.Run(deployment, workload, options).StageTimes!;
        return TraceComparison.Compare(workload, simulated, ClusterTraceJson.Read(TraceFiles.TracePath(c)), worst);
    }

    /// <summary>Seed mode (no calibration) against the trace of row <paramref name="row"/>.</summary>
    public static ComparisonReport CompareSeed(int row, IStageTimingModel? timing = null)
    {
        var c = ParityCase.All[row];
        var workload = c.LoadWorkload();
        var simulated = Simulation.Run(c.Deploy(workload), workload, new SimulationOptions { RecordStageTimes = true, Timing = timing }).StageTimes!;
        return TraceComparison.Compare(workload, simulated, ClusterTraceJson.Read(TraceFiles.TracePath(c)), 0);
    }

    public static StochasticComparisonReport Stochastic(int row, TimingCalibration calibration, int replications, ulong seed = 0, int maxParallel = 0)
    {
        var c = ParityCase.All[row];
        var workload = c.LoadWorkload();
        var deployment = c.Deploy(workload);
        return StochasticComparison.Run(deployment, workload, ClusterTraceJson.Read(TraceFiles.TracePath(c)), new SimulationOptions(),
            CalibratedTiming.For(calibration, deployment), replications, seed, maxParallel);
    }
}
