using Xunit;
using DlSim.Foundation;
using DlSim.Plots;
using DlSim.Tests.Io;
using DlSim.Workloads;

namespace DlSim.Tests.Plots;

public class TrafficBinsTests
{
    private static Workload Tiny() => new(new WorkloadHeader(2, 2, [0.5, 0.5], 3, [0.1, 0.1], "tiny"),
        [0, 1, 0, 0, 1], [0.0, 0.5, 1.0, 1.002, 2.9]);

    [Fact]
    public void Counts_requests_per_model_per_bin()
    {
        using var source = new WorkloadSource(Tiny());
        var bins = TrafficBins.Of(source, 1);

        Assert.Equal(3, bins.TimeBins);
        Assert.Equal([1L, 2, 0], bins.Counts[0][..3]);
        Assert.Equal([1L, 0, 1], bins.Counts[1][..3]);
        Assert.Equal(5, bins.Requests);
        Assert.Equal(3, bins.RequestsOf(0));
        Assert.Equal(5, bins.RequestsOf(2));
    }

    [Fact]
    public void Gaps_fall_in_log_bins_per_model_and_overall()
    {
        using var source = new WorkloadSource(Tiny());
        var bins = TrafficBins.Of(source, 1);

        // Model 0: gaps 1.0 and 0.002; overall: 0.5, 0.5, 0.002, 1.898.
        Assert.Equal(1, bins.GapCounts[0][TrafficBins.GapBin(1.0)]);
        Assert.Equal(1, bins.GapCounts[0][TrafficBins.GapBin(1.002 - 1.0)]);
        Assert.Equal(2, bins.GapCounts[2][TrafficBins.GapBin(0.5)]);
        Assert.Equal(4, bins.GapCounts[2].Sum());
        Assert.Equal(-1, TrafficBins.GapBin(0));
        Assert.Equal(TrafficBins.GapBins, TrafficBins.GapBin(1e9));
        Assert.True(TrafficBins.GapEdge(TrafficBins.GapBin(0.003)) <= 0.003 && 0.003 < TrafficBins.GapEdge(TrafficBins.GapBin(0.003) + 1));
    }

    [Fact]
    public void Memory_follows_the_span_not_the_request_count()
    {
        // 2 M requests over 2000 s: 2000 one-second bins per model, whatever the request count.
        using var source = new SyntheticSource(2_000_000);
        var bins = TrafficBins.Of(source, 1);

        Assert.Equal(2000, bins.TimeBins);
        Assert.All(bins.Counts, c => Assert.InRange(c.Length, 2000, 4000));
        Assert.Equal(2_000_000, bins.Counts.Sum(c => c.Sum()));
    }

    [Fact]
    public void Too_many_bins_is_bad_input_on_the_bin_flag()
    {
        using var source = new SyntheticSource(10);
        var e = Assert.Throws<InputException>(() => TrafficBins.Of(source, 1e-9));
        Assert.StartsWith("--bin: expected a bin width giving at most", e.Message);
    }

    [Fact]
    public void A_partial_last_bin_shows_its_true_rate()
    {
        // 10 requests a second for 10.5 s, in 1 s bins: the last bin is half a second wide.
        var arrivals = Enumerable.Range(0, 105).Select(i => i * 0.1).ToArray();
        var w = new Workload(new WorkloadHeader(1, 10, [1.0], 10.5, [1.0], "even"), new int[105], arrivals);
        using var source = new WorkloadSource(w);
        var bins = TrafficBins.Of(source, 1);

        Assert.Equal(11, bins.TimeBins);
        Assert.Equal(10.25, bins.BinCentres()[^1], 9);
        Assert.All(bins.RatesPerSecond(0), r => Assert.Equal(10, r, 9));
    }

    [Theory]
    [InlineData(-6, "1 µs"), InlineData(-4, "100 µs"), InlineData(-3, "1 ms"), InlineData(-1, "100 ms"), InlineData(0, "1 s"), InlineData(2, "100 s")]
    public void Gap_axis_labels_read_as_durations(double log10, string label) => Assert.Equal(label, WorkloadPlot.Seconds(log10));
}
