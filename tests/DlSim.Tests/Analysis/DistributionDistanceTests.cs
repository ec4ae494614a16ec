using CsCheck;
using Xunit;
using DlSim.Analysis;
using DlSim.Formats.ClusterTrace;
using DlSim.Runs;
using DlSim.Tests.Parity;

namespace DlSim.Tests.Analysis;

/// <summary>Wasserstein-1 distance and largest CDF gap between simulated and real latency distributions (<c>compare</c>).</summary>
public class DistributionDistanceTests
{
    [Fact]
    public void Identical_samples_are_at_distance_zero()
    {
        var d = DistributionDistance.Of(null, [3, 1, 2], [1, 2, 3]);
        Assert.Equal(0, d.Wasserstein1S);
        Assert.Equal(0, d.MaxCdfGap);
    }

    [Fact]
    public void A_shifted_sample_is_at_its_shift_and_a_gap_of_one_when_the_supports_do_not_overlap()
    {
        var d = DistributionDistance.Of(0, [0.010, 0.020], [0.040, 0.050]);
        Assert.Equal(0.030, d.Wasserstein1S, 1e-12);
        Assert.Equal(1, d.MaxCdfGap);
    }

    [Fact]
    public void Unequal_sizes_integrate_the_cdf_difference()
    {
        // CDFs: {0} is 1 from 0 on; {0, 1} is ½ on [0, 1): area ½, largest gap ½.
        var d = DistributionDistance.Of(null, [0], [0, 1]);
        Assert.Equal(0.5, d.Wasserstein1S, 1e-12);
        Assert.Equal(0.5, d.MaxCdfGap, 1e-12);
        Assert.Equal(2, d.Requests);
    }

    [Fact]
    public void An_empty_side_gives_undefined_figures()
    {
        var d = DistributionDistance.Of(null, [], [1.0]);
        Assert.True(double.IsNaN(d.Wasserstein1S) && double.IsNaN(d.MaxCdfGap));
    }

    /// <summary>With equal sizes, W1 is the mean distance between order statistics, and the gap is at most 1 and symmetric.</summary>
    [Fact]
    public void Equal_sizes_match_the_order_statistics_formula()
    {
        Gen.Double[0, 1].Array[1, 40].SelectMany(a => Gen.Double[0, 1].Array[a.Length].Select(b => (a, b))).Sample(p =>
        {
            var (a, b) = p;
            var d = DistributionDistance.Of(null, a, b);
            var x = a.Order().ToArray();
            var y = b.Order().ToArray();
            double expected = x.Zip(y, (u, v) => Math.Abs(u - v)).Average();
            return Math.Abs(d.Wasserstein1S - expected) < 1e-9 && d.MaxCdfGap is >= 0 and <= 1
                && Math.Abs(DistributionDistance.Of(null, b, a).MaxCdfGap - d.MaxCdfGap) < 1e-12;
        });
    }

    /// <summary>On a real trace, compare reports the all-requests distance first, then each model's, from the same latencies as its table.</summary>
    [Fact]
    public void Compare_reports_overall_and_per_model_distances_on_a_real_trace()
    {
        var c = ParityCase.All[3];
        var workload = c.LoadWorkload();
        var simulated = Simulation.Run(c.Deploy(workload), workload, new SimulationOptions { RecordStageTimes = true }).StageTimes!;
        var report = TraceComparison.Compare(workload, simulated, ClusterTraceJson.Read(TraceFiles.TracePath(c)), keepSeries: true);

        Assert.Equal([null, 0, 1], report.Distributions.Select(d => d.Model));
        Assert.Equal(c.Requests, report.Overall.Requests);
        Assert.Equal(c.Requests, report.Distributions.Skip(1).Sum(d => d.Requests));
        var series = report.Series!;
        double expected = series.SimLatencyS.Order().Zip(series.RealLatencyS.Order(), (u, v) => Math.Abs(u - v)).Average();
        Assert.Equal(expected, report.Overall.Wasserstein1S, 1e-12);
        // W1 is at most the mean per-request latency error (matching requests is one transport plan).
        Assert.True(report.Overall.Wasserstein1S <= series.SimLatencyS.Zip(series.RealLatencyS, (u, v) => Math.Abs(u - v)).Average() + 1e-12);
    }
}
