using CsCheck;
using DlSim.Metrics;
using Xunit;

namespace DlSim.Tests.Metrics;

public class OrderStatisticsTests
{
    [Fact]
    public void Selection_finds_the_same_order_statistics_as_sorting_even_with_many_ties()
    {
        Gen.Int[0, 20].Select(i => i * 0.25).Array[1, 400].Sample(values =>
        {
            var sorted = values.Order().ToArray();
            var ranks = new long[] { 0, values.Length / 3, values.Length / 2, values.Length - 1 }.Distinct().Order().ToArray();
            var found = new double[ranks.Length];
            OrderStatistics.Select((double[])values.Clone(), ranks, found);
            return ranks.Select((r, i) => found[i] == sorted[r]).All(x => x);
        });
    }

    [Fact]
    public void Selection_handles_sorted_reversed_and_constant_inputs()
    {
        foreach (var values in new[] { Enumerable.Range(0, 10_000).Select(i => (double)i).ToArray(),
                                       Enumerable.Range(0, 10_000).Select(i => (double)-i).ToArray(),
                                       Enumerable.Repeat(0.145, 10_000).ToArray() })
        {
            var sorted = values.Order().ToArray();
            long[] ranks = [4_999, 5_000, 8_999, 9_899, 9_900];
            var found = new double[ranks.Length];
            OrderStatistics.Select(values, ranks, found);
            for (int i = 0; i < ranks.Length; i++) Assert.Equal(sorted[ranks[i]], found[i]);
        }
    }
}
