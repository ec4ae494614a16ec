using Xunit;
using DlSim.Foundation;
using DlSim.Workloads;
using DlSim.Workloads.Traffic;

namespace DlSim.Tests.Workloads;

public class PoissonGeneratorTests
{
    private static readonly PoissonWorkloadSpec Large = new()
    {
        TotalRateHz = 1000, DurationS = 200, Proportions = [0.7, 0.2, 0.1], SlosS = [1, 1, 1], Seed = 42, Name = "large",
    };

    [Fact]
    public void Starts_at_zero_ascends_and_stays_inside_the_window()
    {
        var w = PoissonGenerator.Generate(Large);
        Assert.Equal(0.0, w.ArrivalsS[0]);
        for (int i = 1; i < w.Count; i++) Assert.True(w.ArrivalsS[i] >= w.ArrivalsS[i - 1]);
        Assert.True(w.ArrivalsS[^1] < Large.DurationS);
    }

    [Fact]
    public void Rate_proportions_and_gap_cv_match_the_spec()
    {
        // 200 k requests: the count's relative std is 0.22 %, so 1 % is > 4 sigma.
        var stats = WorkloadStatistics.Of(PoissonGenerator.Generate(Large));
        Assert.InRange(stats.RateHz, 990, 1010);
        Assert.InRange(stats.GapCv, 0.98, 1.02);
        for (int m = 0; m < 3; m++)
            Assert.InRange(stats.Models[m].Requests / (double)stats.Requests, Large.Proportions[m] - 0.005, Large.Proportions[m] + 0.005);
    }

    [Fact]
    public void The_seed_decides_the_stream()
    {
        var a = PoissonGenerator.Generate(Large with { DurationS = 5 });
        var b = PoissonGenerator.Generate(Large with { DurationS = 5 });
        var c = PoissonGenerator.Generate(Large with { DurationS = 5, Seed = 43 });
        Assert.Equal(a.ArrivalsS, b.ArrivalsS);
        Assert.Equal(a.ModelIds, b.ModelIds);
        Assert.NotEqual(a.ArrivalsS, c.ArrivalsS);
    }

    [Fact]
    public void A_model_with_zero_share_gets_no_requests()
    {
        var w = PoissonGenerator.Generate(Large with { Proportions = [0.5, 0.0, 0.5], DurationS = 20 });
        Assert.DoesNotContain(1, w.ModelIds);
    }

    [Theory]
    [InlineData(-1.0, 0.5, 0.5)]
    [InlineData(10.0, 0.5, 0.6)]
    public void Rejects_bad_specs(double rate, double p0, double p1)
    {
        var spec = new PoissonWorkloadSpec { TotalRateHz = rate, Proportions = [p0, p1] };
        Assert.Throws<DlSim.Foundation.InputException>(() => PoissonGenerator.Generate(spec));
    }
}
