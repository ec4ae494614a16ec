using Xunit;
using DlSim.Foundation;
using DlSim.Placement;
using DlSim.Runs;
using DlSim.Serving;

namespace DlSim.Tests.Placement;

public class ServiceMapTests
{
    [Fact]
    public void Parses_pairs_and_defaults_to_placement_order()
    {
        var map = ServiceMap.Parse("1=Bert_2.6B_0, 0=Bert_2.6B_1");
        Assert.Equal("Bert_2.6B_1", map.ServiceOfModel[0]);
        Assert.Equal("Bert_2.6B_0", map.ServiceOfModel[1]);
        Assert.Equal("0=Bert_2.6B_0,1=Bert_2.6B_1", ServiceMap.Default(DefaultScenario.Placement).ToString());
    }

    [Theory]
    [InlineData("0")]
    [InlineData("x=Bert")]
    [InlineData("0=a,0=b")]
    [InlineData("0=")]
    public void Rejects_malformed_maps(string text)
    {
        var e = Assert.Throws<InputException>(() => ServiceMap.Parse(text));
        Assert.StartsWith("--service-map: expected", e.Errors[0].ToString());
    }

    [Theory]
    [InlineData("seed", 0.003, 0.004)]
    [InlineData("0", 0.0, 0.0)]
    [InlineData("0.0025,0.0039", 0.0025, 0.0039)]
    public void Parses_overheads(string text, double multi, double single)
    {
        var o = DispatchOverhead.Parse(text);
        Assert.Equal(multi, o.For(2));
        Assert.Equal(single, o.For(1));
    }

    [Theory]
    [InlineData("-1")]
    [InlineData("fast")]
    [InlineData("1,2,3")]
    public void Rejects_bad_overheads(string text) => Assert.Throws<InputException>(() => DispatchOverhead.Parse(text));
}
