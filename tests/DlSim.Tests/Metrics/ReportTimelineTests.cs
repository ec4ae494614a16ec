using Xunit;
using DlSim.Formats.Profiles;
using DlSim.Metrics;
using DlSim.Model;
using DlSim.Placement;
using DlSim.Runs;
using DlSim.Serving;
using DlSim.Tests.Invariants;
using DlSim.Workloads;
using DlSim.Workloads.Traffic;

namespace DlSim.Tests.Metrics;

/// <summary>The data behind the HTML report's time plots: the window of stage runs, the queue timeline and latency over time.</summary>
public class ReportTimelineTests
{
    private static readonly InvariantScenario Mixed = Scenarios.Mixed(1, DispatchOverhead.Seed);

    private static SimulationReport Run(InvariantScenario s, SimulationOptions options) =>
        Simulation.Run(s.Deployment, s.Workload, options with { Overhead = s.Overhead }).Report;

    [Fact]
    public void A_full_window_holds_every_bar_that_the_whole_run_has_before_its_end()
    {
        var all = Run(Mixed, new SimulationOptions { WindowFromS = 10, WindowBars = int.MaxValue }).StageWindow!;
        var capped = Run(Mixed, new SimulationOptions { WindowFromS = 10, WindowBars = 60 }).StageWindow!;
        Assert.InRange(capped.Bars.Count, 10, 60);
        Assert.True(capped.ToS > 10 && capped.ToS < all.ToS, $"window ends at {capped.ToS}, the run at {all.ToS}");
        Assert.Equal(all.Bars.Where(b => b.StartS < capped.ToS), capped.Bars);
        Assert.All(all.Bars, b => Assert.True(b.EndS > 10));

        var short_ = Run(Mixed, new SimulationOptions { WindowFromS = 10, WindowLengthS = 0.5 }).StageWindow!;
        Assert.True(short_.ToS <= 10.5);
        Assert.Equal(all.Bars.Where(b => b.StartS < short_.ToS), short_.Bars);
    }

    [Fact]
    public void The_queue_timeline_adds_up_to_the_time_requests_waited()
    {
        // The built-in placement: one single-GPU stage per replica, so a request waits on exactly one GPU, from arrival to start.
        var placement = DefaultScenario.Placement;
        var deployment = Deployment.Resolve(DefaultScenario.Cluster, BuiltInProfiles.Catalog, placement, ServiceMap.Default(placement), 2);
        var report = Simulation.Run(deployment, PoissonGenerator.Generate(DefaultScenario.Workload), new SimulationOptions { TimelineBinS = 0.25 }).Report;
        var queue = report.QueueTimeline!;
        double waitedS = queue.ByGpu.Sum(gpu => gpu.Sum()) * queue.BinS;
        Assert.True(waitedS > 1, $"waited {waitedS} s");
        Assert.Equal(report.MeanQueueingS * report.Overall.Requests, waitedS, 6);
    }

    [Fact]
    public void Latency_over_time_peaks_at_the_runs_largest_latency()
    {
        var report = Run(Mixed, new SimulationOptions { TimelineBinS = 1 });
        var latency = report.LatencyTimeline!;
        Assert.Equal(report.Models.Count, latency.MeanS.Length);
        double peak = latency.MaxS.SelectMany(m => m).Where(double.IsFinite).Max();
        Assert.Equal(report.Overall.MaxS, peak, 12);
        for (int m = 0; m < latency.MeanS.Length; m++)
            for (int b = 0; b < latency.MeanS[m].Length; b++)
                Assert.True(double.IsNaN(latency.MeanS[m][b]) || latency.MeanS[m][b] <= latency.MaxS[m][b]);
    }
}
