using Xunit;
using DlSim.Formats.SeedWorkload;
using DlSim.Foundation;
using DlSim.Workloads;
using DlSim.Workloads.Operations;
using DlSim.Workloads.Traffic;

namespace DlSim.Tests.Workloads;

/// <summary>Merge, slice and scale on streams: requests kept or dropped exactly as stated, ascending, deterministic.</summary>
public sealed class OperationsTests
{
    private static Workload Poisson(double rate, double[] proportions, double duration, ulong seed, double slo = 0.25, string name = "w") =>
        PoissonGenerator.Generate(new PoissonWorkloadSpec
        {
            TotalRateHz = rate, Proportions = proportions, DurationS = duration, SlosS = proportions.Select(_ => slo).ToArray(), Seed = seed, Name = name,
        });

    /// <summary>Reads a source through spans of the given length, to cross chunk boundaries anywhere.</summary>
    private static Workload ReadInChunks(IRequestSource source, int chunk)
    {
        var models = new List<int>();
        var arrivals = new List<double>();
        var m = new int[chunk];
        var a = new double[chunk];
        int n;
        while ((n = source.Read(m, a)) > 0)
        {
            models.AddRange(m.AsSpan(0, n));
            arrivals.AddRange(a.AsSpan(0, n));
        }
        source.Dispose();
        return new Workload(source.Header, [.. models], [.. arrivals]);
    }

    private static void AssertAscending(Workload w)
    {
        for (int i = 1; i < w.Count; i++) Assert.True(w.ArrivalsS[i] >= w.ArrivalsS[i - 1], $"request {i} arrives before request {i - 1}");
    }

    private static readonly Workload A = Poisson(50, [0.8, 0.2], 60, 1, 0.1, "a");
    private static readonly Workload B = Poisson(20, [0.3, 0.3, 0.4], 30, 2, 0.5, "b");

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(4096)]
    public void Merge_keeps_every_request_ascending_with_offset_model_ids(int chunk)
    {
        var merged = ReadInChunks(new MergedSource([new WorkloadSource(A), new WorkloadSource(B)], ["a.csv", "b.csv"]), chunk);

        Assert.Equal(A.Count + B.Count, merged.Count);
        AssertAscending(merged);
        var expected = A.ArrivalsS.Select((t, i) => (t, A.ModelIds[i])).Concat(B.ArrivalsS.Select((t, i) => (t, B.ModelIds[i] + 2)))
            .OrderBy(x => x.t).ToList();
        Assert.Equal(expected.Select(x => x.t), merged.ArrivalsS);
        Assert.Equal(expected.Select(x => x.Item2).Order(), merged.ModelIds.Order());
        var h = merged.Header;
        Assert.Equal(5, h.ModelCount);
        Assert.Equal([0.1, 0.1, 0.5, 0.5, 0.5], h.SlosS);
        Assert.Equal(70, h.TotalRateHz);
        Assert.Equal(60, h.DurationS);
        Assert.Equal("a+b", h.Name);
        Assert.Equal(1, h.Proportions.Sum(), 12);
        Assert.Equal(0.8 * 50 / 70, h.Proportions[0], 12);
    }

    [Fact]
    public void Merge_breaks_ties_by_input_order_and_shared_ids_add_traffic_up()
    {
        var header = new WorkloadHeader(2, 1, [0.5, 0.5], 10, [0.2, 0.2], "x");
        var first = new Workload(header, [0, 1, 0], [0, 1, 2]);
        var second = new Workload(header, [1, 1], [1, 2]);
        var merged = ReadInChunks(new MergedSource([new WorkloadSource(first), new WorkloadSource(second)], ["1", "2"], MergeModels.Shared), 2);
        Assert.Equal([0.0, 1, 1, 2, 2], merged.ArrivalsS);
        Assert.Equal([0, 1, 1, 0, 1], merged.ModelIds);
        Assert.Equal(2, merged.Header.ModelCount);
        Assert.Equal([0.2, 0.2], merged.Header.SlosS);
    }

    [Fact]
    public void Shared_model_ids_need_the_same_models_and_slos()
    {
        var e = Assert.Throws<InputException>(() => new MergedSource([new WorkloadSource(A), new WorkloadSource(B)], ["a.csv", "b.csv"], MergeModels.Shared));
        Assert.Equal("b.csv", e.Errors.Single().File);
        Assert.Contains("expected 2 models with SLOs [0.1, 0.1]", e.Message);
    }

    [Theory]
    [InlineData(10, 20, false, 1)]
    [InlineData(10, 20, true, 5)]
    [InlineData(0, 0.5, true, 4096)]
    [InlineData(59, double.PositiveInfinity, false, 3)]
    public void Slice_keeps_exactly_the_requests_in_the_window(double from, double to, bool shift, int chunk)
    {
        var sliced = ReadInChunks(new SlicedSource(new WorkloadSource(A), new SliceSpec { FromS = from, ToS = to, Shift = shift }), chunk);

        var keep = Enumerable.Range(0, A.Count).Where(i => A.ArrivalsS[i] >= from && A.ArrivalsS[i] < to).ToList();
        Assert.NotEmpty(keep);
        Assert.Equal(keep.Select(i => A.ArrivalsS[i] - (shift ? from : 0)), sliced.ArrivalsS);
        Assert.Equal(keep.Select(i => A.ModelIds[i]), sliced.ModelIds);
        double end = double.IsFinite(to) ? to : 60;
        Assert.Equal(shift ? end - from : end, sliced.Header.DurationS);
        Assert.Equal(A.Header.SlosS, sliced.Header.SlosS);
    }

    [Fact]
    public void Slice_reads_its_input_to_the_end_so_a_later_bad_row_is_reported()
    {
        string csv = "1,1,\"[1.0]\",10,\"[0.25]\",w\r\n0,0.5\r\n0,1.5\r\n0,2.5\r\n0,oops\r\n";
        var source = new SeedCsvRequestSource(new StringReader(csv), "w.csv");
        var e = Assert.Throws<InputException>(() => ReadInChunks(new SlicedSource(source, new SliceSpec { FromS = 0, ToS = 1 }), 4096));
        Assert.Equal("w.csv:5: expected arrival_s a finite number ≥ 0 and at most 1e12 s (the limit), found \"oops\"", e.Errors.Single().ToString());
    }

    [Theory]
    [InlineData(0.1)]
    [InlineData(0.5)]
    [InlineData(0.9)]
    public void Thinning_keeps_about_the_factor_times_the_requests_deterministically(double factor)
    {
        var big = Poisson(1000, [0.5, 0.5], 100, 3);
        var spec = new ScaleSpec { RateFactor = factor, Seed = 12 };
        var thinned = ReadInChunks(spec.Apply(new WorkloadSource(big)), 4096);
        double sigma = Math.Sqrt(big.Count * factor * (1 - factor));
        Assert.InRange(thinned.Count, big.Count * factor - 4 * sigma, big.Count * factor + 4 * sigma);
        AssertAscending(thinned);
        Assert.Equal(big.Header.TotalRateHz * factor, thinned.Header.TotalRateHz, 9);

        var again = ReadInChunks(spec.Apply(new WorkloadSource(big)), 13);
        Assert.Equal(thinned.ArrivalsS, again.ArrivalsS);
        Assert.Equal(thinned.ModelIds, again.ModelIds);
        Assert.NotEqual(thinned.ArrivalsS, ReadInChunks((spec with { Seed = 13 }).Apply(new WorkloadSource(big)), 4096).ArrivalsS);
        Assert.True(thinned.ArrivalsS.ToHashSet().IsSubsetOf(big.ArrivalsS));
    }

    [Fact]
    public void A_rate_factor_above_one_copies_requests_at_their_instant()
    {
        var copied = ReadInChunks(new ScaleSpec { RateFactor = 2 }.Apply(new WorkloadSource(A)), 3);
        Assert.Equal(A.ArrivalsS.SelectMany(t => new[] { t, t }), copied.ArrivalsS);
        Assert.Equal(A.ModelIds.SelectMany(m => new[] { m, m }), copied.ModelIds);

        var partly = ReadInChunks(new ScaleSpec { RateFactor = 1.5, Seed = 1 }.Apply(new WorkloadSource(Poisson(1000, [1.0], 100, 4))), 4096);
        double sigma = Math.Sqrt(100_000 * 0.25);
        Assert.InRange(partly.Count, 150_000 - 4 * sigma - 1500, 150_000 + 4 * sigma + 1500);
        AssertAscending(partly);
    }

    [Fact]
    public void A_time_factor_multiplies_every_arrival_and_the_duration()
    {
        var slow = ReadInChunks(new ScaleSpec { TimeFactor = 2.5 }.Apply(new WorkloadSource(A)), 4096);
        Assert.Equal(A.ArrivalsS.Select(t => t * 2.5), slow.ArrivalsS);
        Assert.Equal(A.ModelIds, slow.ModelIds);
        Assert.Equal(150, slow.Header.DurationS);
        Assert.Equal(20, slow.Header.TotalRateHz, 12);
    }

    [Fact]
    public void Statistics_of_a_merged_stream_count_each_model()
    {
        using var merged = new MergedSource([new WorkloadSource(A), new WorkloadSource(B)], ["a.csv", "b.csv"]);
        var stats = WorkloadStatistics.Of(merged);
        Assert.Equal(A.Count + B.Count, stats.Requests);
        Assert.Equal(A.ModelIds.Count(m => m == 1), stats.Models[1].Requests);
        Assert.Equal(B.ModelIds.Count(m => m == 2), stats.Models[4].Requests);
    }
}
