using Xunit;
using DlSim.Foundation;
using DlSim.Workloads.Traffic;

namespace DlSim.Tests.Workloads.Traffic;

/// <summary>Spreads and explicit per-model rates.</summary>
public class ModelSharesTests
{
    [Fact]
    public void Power_law_share_of_model_i_is_proportional_to_i_plus_1_to_the_minus_alpha()
    {
        var shares = ModelSpread.Parse("powerlaw:1").Shares(4);
        double h = 1 + 1 / 2.0 + 1 / 3.0 + 1 / 4.0;
        Assert.Equal([1 / h, 0.5 / h, 1 / 3.0 / h, 0.25 / h], shares, (a, b) => Math.Abs(a - b) < 1e-15);
        var steep = ModelSpread.Parse("powerlaw:2.5").Shares(10);
        for (int i = 1; i < 10; i++) Assert.Equal(Math.Pow((i + 1) / (double)i, -2.5), steep[i] / steep[i - 1], 12);
        Assert.Equal(1.0, steep.Sum(), 12);
    }

    [Fact]
    public void Uniform_and_alpha_0_give_equal_shares()
    {
        Assert.All(ModelSpread.Parse("uniform").Shares(5), s => Assert.Equal(0.2, s, 15));
        Assert.All(ModelSpread.Parse("powerlaw:0").Shares(5), s => Assert.Equal(0.2, s, 15));
        Assert.Equal("powerlaw:1.5", ModelSpread.Parse("PowerLaw:1.5").ToString());
    }

    [Theory]
    [InlineData("zipf")]
    [InlineData("powerlaw")]
    [InlineData("powerlaw:-1")]
    [InlineData("uniform:2")]
    public void Rejects_unknown_spreads(string text)
    {
        var e = Assert.Throws<InputException>(() => ModelSpread.Parse(text));
        Assert.StartsWith("--spread: expected uniform or powerlaw:ALPHA with ALPHA ≥ 0, found", e.Message);
    }

    [Fact]
    public void Explicit_rates_name_models_by_id_and_others_get_0()
    {
        Assert.Equal([5.0, 0, 3], ModelRates.Parse("0=5,2=3"));
        Assert.Equal([5.0, 0, 3, 0], ModelRates.Parse("0=5, 2=3", modelCount: 4));
    }

    [Theory]
    [InlineData("0=5,2=3", 2, "expected model ids below 2 (--models), found 2")]
    [InlineData("0=5,1=-3", null, "expected rates ≥ 0 in Hz, found -3 for model 1")]
    [InlineData("0=5,0=3", null, "expected each model id once, found model 0 twice")]
    [InlineData("0:5", null, "expected MODEL_ID=RATE pairs (Hz) such as 0=5,1=3, found \"0:5\"")]
    [InlineData("-1=5", null, "expected MODEL_ID=RATE pairs")]
    [InlineData("0=0,1=0", null, "expected at least one positive rate")]
    public void Rejects_bad_rates(string text, int? models, string expected)
    {
        var e = Assert.Throws<InputException>(() => ModelRates.Parse(text, models));
        Assert.Single(e.Errors);
        Assert.StartsWith("--rates: " + expected, e.Message);
    }
}
