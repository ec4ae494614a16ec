using Xunit;
using DlSim.Analysis;
using DlSim.Formats.ClusterTrace;
using DlSim.Runs;
using DlSim.Serving;
using DlSim.Tests.Parity;

namespace DlSim.Tests.Analysis.Calibration;

/// <summary>
/// Why the 0.5 ms target is out of reach on the single-stage 2.6B traces: no constant (run time, gap) pair does it even when
/// scored on the trace itself, because their run times drift within the trace. A grid in 0.1 ms steps around the fitted
/// figures; its best pair must lie inside the grid (so the grid brackets the optimum) and still miss.
/// </summary>
public class ConstantFiguresBoundTests
{
    private sealed class Constant(double latencyS, double gapS) : IStageTimingModel
    {
        public StageTiming? For(string executable, int stage) => new(latencyS, gapS, 0);
    }

    [Theory]
    [InlineData(0, 145.0, 146.2, 1.415)] // baseline, Bert_2.6B_1_device: best at 145.4 ms run, 3.6 ms gap
    [InlineData(2, 98.0, 99.0, 0.946)]   // intraop, Bert_2.6B_2_device_intra: best at 98.4 ms run, 4.1 ms gap
    public void No_constant_run_time_and_gap_reaches_half_a_millisecond(int row, double fromMs, double toMs, double bestMs)
    {
        var c = ParityCase.All[row];
        var workload = c.LoadWorkload();
        var deployment = c.Deploy(workload);
        var real = ClusterTraceJson.Read(TraceFiles.TracePath(c));
        var runs = Steps(fromMs, toMs).ToArray();
        var gaps = Steps(3.5, 4.3).ToArray();
        var error = new double[runs.Length, gaps.Length];
        for (int i = 0; i < runs.Length; i++)
            for (int j = 0; j < gaps.Length; j++)
            {
                var options = new SimulationOptions { RecordStageTimes = true, Timing = new Constant(runs[i] / 1000, gaps[j] / 1000) };
                var simulated = Simulation.Run(deployment, workload, options).StageTimes!;
                error[i, j] = TraceComparison.Compare(workload, simulated, real, 0).MeanAbsErrorS;
            }
        var (bi, bj) = (0, 0);
        for (int i = 0; i < runs.Length; i++)
            for (int j = 0; j < gaps.Length; j++)
                if (error[i, j] < error[bi, bj]) (bi, bj) = (i, j);

        Assert.InRange(bi, 1, runs.Length - 2);
        Assert.InRange(bj, 1, gaps.Length - 2);
        Assert.Equal(bestMs, error[bi, bj] * 1000, 0.005);
        Assert.True(error[bi, bj] > 0.0005);
    }

    private static IEnumerable<double> Steps(double fromMs, double toMs)
    {
        for (int k = 0; fromMs + 0.1 * k <= toMs + 1e-9; k++) yield return Math.Round(fromMs + 0.1 * k, 1);
    }
}
