using Xunit;
using DlSim.Foundation;
using DlSim.Workloads.Traffic;

namespace DlSim.Tests.Workloads.Traffic;

public class RateScheduleTests
{
    [Fact]
    public void Parses_steps_and_integrates_the_rate()
    {
        var s = RateSchedule.Parse("0:10,60:30,120:5");
        Assert.Equal("0:10,60:30,120:5", s.ToString());
        Assert.Equal(10, s.RateAt(59.9));
        Assert.Equal(30, s.RateAt(60));
        Assert.Equal(600 + 30 * 10, s.CumulativeAt(70), 9);
        Assert.Equal(600 + 1800 + 5 * 80, s.CumulativeAt(200), 9);
        Assert.Equal((600 + 1800 + 400) / 200.0, s.MeanRateUntil(200), 12);
    }

    [Fact]
    public void Inverse_undoes_the_cumulative_rate()
    {
        var s = RateSchedule.Parse("0:10,60:30,120:5");
        foreach (double t in new[] { 0.0, 1.5, 59.999, 60, 61.25, 119.5, 120, 500 })
            Assert.Equal(t, s.TimeAt(s.CumulativeAt(t)), 9);
    }

    [Fact]
    public void Stretches_at_rate_0_are_skipped_and_a_final_0_ends_the_stream()
    {
        var s = RateSchedule.Parse("0:0,10:2,20:0,30:4,40:0");
        Assert.Equal(10, s.TimeAt(0));       // nothing can arrive before 10 s
        Assert.Equal(15, s.TimeAt(10), 12);
        Assert.Equal(30, s.TimeAt(20));      // Λ = 20 over [20, 30]: the next arrival is at 30 s
        Assert.Equal(32.5, s.TimeAt(30), 12);
        Assert.Equal(double.PositiveInfinity, s.TimeAt(60));
    }

    [Fact]
    public void A_constant_rate_maps_time_linearly()
    {
        var s = RateSchedule.Constant(4);
        Assert.True(s.IsConstant);
        Assert.Equal(2.5, s.TimeAt(10));
        Assert.Equal(4, s.MeanRateUntil(123.4));
    }

    [Theory]
    [InlineData("0:10,120:5,60:30", "expected step starts in increasing order, found 60 after 120")]
    [InlineData("0:10,60:30,60:5", "expected step starts in increasing order, found 60 after 60")]
    [InlineData("5:10,60:30", "expected the first step to start at 0, found 5")]
    [InlineData("0:10,60", "expected START:RATE steps (seconds:Hz) such as 0:10,60:30, found \"60\"")]
    [InlineData("0:10;60:30", "expected START:RATE steps")]
    [InlineData("", "expected START:RATE steps")]
    [InlineData("0:10,60:-3", "expected rates ≥ 0 in Hz, found -3")]
    [InlineData("0:0,60:0", "expected at least one positive rate, found only 0")]
    public void Rejects_malformed_schedules(string text, string expected)
    {
        var e = Assert.Throws<InputException>(() => RateSchedule.Parse(text));
        Assert.Single(e.Errors);
        Assert.StartsWith("--schedule: " + expected, e.Message);
    }
}
