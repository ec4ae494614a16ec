using Xunit;

namespace DlSim.Tests.Parity;

/// <summary>Seed mode reproduces the original tool's figures on every reference input (request counts exactly, times within 1e-6 s).</summary>
public class SeedParityTests
{
    private const double Tolerance = 1e-6;

    public static TheoryData<int> Rows() => new(Enumerable.Range(0, ParityCase.All.Length));

    [Theory]
    [MemberData(nameof(Rows))]
    public void Latency_figures_match_the_original_tool(int row)
    {
        var c = ParityCase.All[row];
        var report = c.Simulate().Report;

        Assert.Equal(c.Requests, report.Requests);
        Assert.Equal(c.Mean, report.Overall.MeanS, Tolerance);
        Assert.Equal(c.P50, report.Overall.P50S, Tolerance);
        Assert.Equal(c.P99, report.Overall.P99S, Tolerance);
        Assert.Equal(c.Model0Mean, report.Models[0].Latency.MeanS, Tolerance);
        Assert.Equal(c.Model0P99, report.Models[0].Latency.P99S, Tolerance);
        Assert.Equal(c.Model1Mean, report.Models[1].Latency.MeanS, Tolerance);
        Assert.Equal(c.Model1P99, report.Models[1].Latency.P99S, Tolerance);
    }
}
