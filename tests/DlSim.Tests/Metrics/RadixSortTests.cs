using DlSim.Metrics;
using Xunit;

namespace DlSim.Tests.Metrics;

/// <summary>The linear-time sort of latency summaries gives exactly Array.Sort's order, on arrays large enough to use it.</summary>
public class RadixSortTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(100_000)]
    [InlineData(300_001)]
    public void Sorts_like_array_sort(int count)
    {
        var random = new Random(count);
        var values = new double[count];
        for (int i = 0; i < count; i++)
            values[i] = (i % 5) switch
            {
                0 => random.NextDouble() * 0.05,                // inter-token gaps
                1 => Math.Round(random.NextDouble(), 3),         // many equal values
                2 => -random.NextDouble() * 1e6,                 // negatives
                3 => random.NextDouble() * 1e300,
                _ => double.Epsilon * random.Next(1, 4),         // subnormals
            };
        var expected = (double[])values.Clone();
        Array.Sort(expected);
        RadixSort.Sort(values);
        Assert.Equal(expected, values);
    }

    [Fact]
    public void Sorts_an_array_of_one_repeated_value()
    {
        var values = Enumerable.Repeat(0.015, 70_000).Append(0.01).ToArray();
        RadixSort.Sort(values);
        Assert.Equal(0.01, values[0]);
        Assert.All(values.Skip(1), v => Assert.Equal(0.015, v));
    }
}
