using DlSim.Analysis;
using DlSim.Analysis.Calibration;
using DlSim.Runs;
using Xunit;
using static DlSim.Tests.Analysis.Calibration.SyntheticPipelineTrace;

namespace DlSim.Tests.Analysis.Calibration;

/// <summary>A pipeline trace made by the hand-off rule: calibration recovers its figures exactly, and replaying them reproduces it.</summary>
public class HandoffCalibrationTests
{
    private const double Exact = 1e-9;

    [Fact]
    public void Calibrate_recovers_run_times_gap_and_hand_off_gap_and_counts_the_blocked_runs()
    {
        var (_, blocked) = Trace();
        var stages = Assert.Single(CalibrationFitter.Fit([Source()]).Executables).Stages;

        Assert.InRange(blocked, 4, 6); // the bursts' later first stages wait for the slower second stage
        Assert.Equal(blocked, stages[0].Counts!.BlockedRuns);
        Assert.Equal(Run0S, stages[0].LatencyS, Exact);
        Assert.Equal(Run0S, stages[0].BusyLatencyS, Exact); // blocked runs (held up to 30 ms longer) are left out
        Assert.Equal(Gap0S, stages[0].BusyGapS, Exact);
        Assert.Equal(0, stages[0].StragglerProbability);
        Assert.Equal(Run1S, stages[1].LatencyS, Exact);
        Assert.Equal(HandoffS, stages[1].BusyGapS, Exact);
        Assert.Equal(blocked, stages[1].Counts!.BusyRuns);
        Assert.Equal(0, stages[1].IdleDelayS, Exact);
    }

    [Fact]
    public void Replaying_the_fitted_figures_reproduces_every_start_and_end()
    {
        var calibration = CalibrationFitter.Fit([Source()]);
        var deployment = Deploy();
        var workload = Workload();
        var options = new SimulationOptions { RecordStageTimes = true, Timing = CalibratedTiming.For(calibration, deployment) };
        var simulated = Simulation.Run(deployment, workload, options).StageTimes!;

        var report = TraceComparison.Compare(workload, simulated, Trace().Trace, 0);
        Assert.True(report.MaxAbsErrorS < Exact, $"max error {report.MaxAbsErrorS}");

        // The same figures with an immediate hand-off end the blocked first stages early.
        var immediate = options with { Timing = CalibratedTiming.For(calibration with { Handoff = PipelineHandoff.Immediate }, deployment) };
        var early = TraceComparison.Compare(workload, Simulation.Run(deployment, workload, immediate).StageTimes!, Trace().Trace, 0);
        Assert.True(early.MaxAbsErrorS > 0.02);
    }
}
