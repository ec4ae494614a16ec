using DlSim.Metrics;
using DlSim.Workloads;
using Xunit;

namespace DlSim.Tests.Metrics;

public class LatencyDistributionTests
{
    private static double[] Sample(int n, ulong seed)
    {
        var rng = new DeterministicRng(seed);
        var values = new double[n];
        // Log-uniform over 1 ms … 10 s: the sketch must hold its bound across decades.
        for (int i = 0; i < n; i++) values[i] = Math.Exp(Math.Log(1e-3) + rng.NextDouble() * Math.Log(1e4));
        return values;
    }

    private static double Exact(double[] values, double q)
    {
        var sorted = values.Order().ToArray();
        return Percentiles.OfSorted(sorted, q);
    }

    [Fact]
    public void Within_budget_the_union_of_parts_gives_the_exact_percentiles_of_all_values()
    {
        var budget = new ExactValueBudget(1 << 20);
        var parts = new[] { new LatencyDistribution(budget), new LatencyDistribution(budget), new LatencyDistribution(budget) };
        var values = Sample(30_001, 1);
        for (int i = 0; i < values.Length; i++) parts[i % 3].Add(values[i], values[i] <= 0.5);
        var s = LatencyDistribution.Summarize(parts);
        Assert.False(s.Approximate);
        Assert.Equal(Exact(values, 50), s.P50S);
        Assert.Equal(Exact(values, 90), s.P90S);
        Assert.Equal(Exact(values, 99), s.P99S);
        Assert.Equal(values.Max(), s.MaxS);
        Assert.Equal(values.Average(), s.MeanS, 1e-12);
        Assert.Equal(values.Count(v => v <= 0.5) / (double)values.Length, s.CompletedWithinSlo);
    }

    [Fact]
    public void Beyond_the_budget_percentiles_stay_within_the_stated_relative_error()
    {
        var budget = new ExactValueBudget(4096);
        var d = new LatencyDistribution(budget);
        var values = Sample(200_000, 2);
        foreach (double v in values) d.Add(v, true);
        var s = d.Summarize();
        Assert.True(s.Approximate);
        foreach (var (q, got) in new[] { (50.0, s.P50S), (90.0, s.P90S), (99.0, s.P99S) })
        {
            double exact = Exact(values, q);
            Assert.True(Math.Abs(got - exact) <= LogHistogram.RelativeError * exact, $"p{q}: {got} vs {exact}");
        }
        Assert.Equal(values.Max(), s.MaxS); // max and mean stay exact
        Assert.Equal(values.Average(), s.MeanS, 1e-9);
    }

    [Fact]
    public void An_empty_distribution_has_undefined_figures()
    {
        var s = new LatencyDistribution(new ExactValueBudget(10_000)).Summarize();
        Assert.Equal(0, s.Requests);
        Assert.True(double.IsNaN(s.P99S));
    }

    [Fact]
    public void Summarizing_all_parts_at_once_gives_the_same_figures_as_one_by_one()
    {
        var budget = new ExactValueBudget(1 << 22);
        var parts = new[] { new LatencyDistribution(budget), new LatencyDistribution(budget) };
        var values = Sample(400_000, 3);
        for (int i = 0; i < values.Length; i++) parts[i % 5 == 0 ? 1 : 0].Add(values[i], values[i] < 0.1);
        var (overall, perPart) = LatencyDistribution.SummarizeAll(parts);
        Assert.Equal(LatencyDistribution.Summarize(parts), overall);
        Assert.Equal(parts[0].Summarize(), perPart[0]);
        Assert.Equal(parts[1].Summarize(), perPart[1]);
        Assert.Equal(Exact(values, 99), overall.P99S);
    }

    [Fact]
    public void A_distribution_reusing_released_memory_sees_only_its_own_values()
    {
        var budget = new ExactValueBudget(1 << 22);
        var first = new LatencyDistribution(budget);
        foreach (double v in Sample(300_000, 7)) first.Add(v * 1000, false);
        first.Release();
        // Rented arrays come back dirty: a smaller run after it must not read the earlier values.
        var second = new LatencyDistribution(budget);
        var values = Sample(5_000, 8);
        foreach (double v in values) second.Add(v, v <= 0.5);
        var s = second.Summarize();
        Assert.Equal(Exact(values, 50), s.P50S);
        Assert.Equal(Exact(values, 99), s.P99S);
        Assert.Equal(values.Max(), s.MaxS);
    }

    [Fact]
    public void A_released_distribution_refuses_further_use()
    {
        var d = new LatencyDistribution(new ExactValueBudget(1 << 10));
        d.Add(0.1, true);
        d.Release();
        Assert.Throws<ObjectDisposedException>(() => d.Summarize());
        Assert.Throws<ObjectDisposedException>(() => d.Add(0.2, true));
        Assert.Throws<ObjectDisposedException>(() => d.QuantileCurve(10));
    }
}
