using Xunit;
using DlSim.Foundation;
using DlSim.Llm;
using DlSim.Llm.Traffic;
using DlSim.Workloads.Arrivals;

namespace DlSim.Tests.Llm;

/// <summary>Rate scaling, windows and request limits, and generated traffic.</summary>
public class LlmTrafficTests
{
    private static LlmWorkload Trace(params double[] arrivals) =>
        new(arrivals.Select((t, i) => new LlmRequest(t, 100 + i, 10 + i)).ToArray(), "trace");

    [Fact]
    public void Rate_scaling_divides_arrivals_and_keeps_lengths()
    {
        var w = LlmTrafficOperations.ScaleRate(Trace(0, 1, 3), 2);
        Assert.Equal([0, 0.5, 1.5], w.Requests.Select(r => r.ArrivalS));
        Assert.Equal([100, 101, 102], w.Requests.Select(r => r.InputTokens));
        Assert.Equal([0, 4, 12], LlmTrafficOperations.ScaleRate(Trace(0, 1, 3), 0.25).Requests.Select(r => r.ArrivalS));
        Assert.Throws<InputException>(() => LlmTrafficOperations.ScaleRate(Trace(0), 0));
        Assert.Throws<InputException>(() => LlmTrafficOperations.ScaleRate(Trace(0), double.NaN));
    }

    [Fact]
    public void A_window_keeps_from_inclusive_to_exclusive_and_starts_at_zero()
    {
        var w = LlmTrafficOperations.Window(Trace(0, 1, 2, 3, 4), 1, 3);
        Assert.Equal([0, 1], w.Requests.Select(r => r.ArrivalS));
        Assert.Equal([101, 102], w.Requests.Select(r => r.InputTokens));
        Assert.Equal(3, LlmTrafficOperations.FirstSeconds(Trace(0, 1, 2, 3, 4), 2.5).Count);
        Assert.Equal(2, LlmTrafficOperations.Window(Trace(0, 1, 2, 3, 4), 3, double.PositiveInfinity).Count);
        Assert.Throws<InputException>(() => LlmTrafficOperations.Window(Trace(0), 2, 2));
        Assert.Throws<InputException>(() => LlmTrafficOperations.Window(Trace(0), -1, 2));
    }

    [Fact]
    public void A_request_limit_keeps_the_first_ones()
    {
        Assert.Equal([0, 1], LlmTrafficOperations.FirstRequests(Trace(0, 1, 2), 2).Requests.Select(r => r.ArrivalS));
        Assert.Equal(3, LlmTrafficOperations.FirstRequests(Trace(0, 1, 2), 10).Count);
        Assert.Throws<InputException>(() => LlmTrafficOperations.FirstRequests(Trace(0), 0));
    }

    private static LlmTrafficSpec Spec(TokenLengthSpec lengths, ulong seed = 1) =>
        new() { Process = new ArrivalProcessSpec { RateHz = 20 }, DurationS = 500, Lengths = lengths, Seed = seed };

    [Fact]
    public void Generation_is_deterministic_per_seed()
    {
        var lengths = TokenLengthSpec.LogNormal(500, 1, 100, 1);
        Assert.Equal(LlmTrafficGenerator.Generate(Spec(lengths)).Requests, LlmTrafficGenerator.Generate(Spec(lengths)).Requests);
        Assert.NotEqual(LlmTrafficGenerator.Generate(Spec(lengths)).Requests, LlmTrafficGenerator.Generate(Spec(lengths, seed: 2)).Requests);
    }

    [Fact]
    public void Changing_the_lengths_keeps_the_arrival_times()
    {
        var a = LlmTrafficGenerator.Generate(Spec(TokenLengthSpec.LogNormal(500, 1, 100, 1)));
        var b = LlmTrafficGenerator.Generate(Spec(TokenLengthSpec.FromTrace(Trace(0, 1))));
        Assert.Equal(a.Requests.Select(r => r.ArrivalS), b.Requests.Select(r => r.ArrivalS));
    }

    [Fact]
    public void Generated_arrivals_follow_the_process_rate_and_duration()
    {
        var w = LlmTrafficGenerator.Generate(Spec(TokenLengthSpec.LogNormal(500, 1, 100, 1)));
        Assert.InRange(w.Count, 10_000 * 0.95, 10_000 * 1.05); // 20 Hz × 500 s; Poisson sd 100
        Assert.True(w.SpanS < 500);
        var limited = LlmTrafficGenerator.Generate(Spec(TokenLengthSpec.LogNormal(500, 1, 100, 1)) with { DurationS = double.PositiveInfinity, MaxRequests = 123 });
        Assert.Equal(123, limited.Count);
    }

    [Fact]
    public void Log_normal_lengths_have_the_given_medians_and_stay_within_bounds()
    {
        var w = LlmTrafficGenerator.Generate(Spec(TokenLengthSpec.LogNormal(1020, 1.0, 129, 1.5, maxTokens: 4096)));
        var s = LlmWorkloadSummary.Of(w);
        Assert.InRange(s.Input.Median, 1020 * 0.95, 1020 * 1.05);
        Assert.InRange(s.Output.Median, 129 * 0.93, 129 * 1.07);
        Assert.Equal(4096, s.Input.Max); // e^(1·3σ) · 1020 far exceeds 4096 in 10 000 draws: the clamp is reached
        Assert.All(w.Requests, r => Assert.True(r.InputTokens >= 1 && r.OutputTokens >= 1 && r.OutputTokens <= 4096));
        // σ of the log: the 84th percentile over the median is e^σ
        var logs = w.Requests.Select(r => Math.Log(r.OutputTokens)).Order().ToArray();
        Assert.InRange(logs[(int)(0.8413 * logs.Length)] - logs[logs.Length / 2], 1.5 * 0.93, 1.5 * 1.07);
    }

    [Fact]
    public void Zero_sigma_gives_the_median_every_time()
    {
        var w = LlmTrafficGenerator.Generate(Spec(TokenLengthSpec.LogNormal(7.4, 0, 3, 0)));
        Assert.All(w.Requests, r => Assert.Equal((7, 3), (r.InputTokens, r.OutputTokens)));
    }

    [Fact]
    public void Empirical_lengths_resample_whole_pairs_of_the_trace()
    {
        var trace = new LlmWorkload([new LlmRequest(0, 5000, 1), new LlmRequest(1, 10, 900), new LlmRequest(2, 300, 40)], "pairs");
        var w = LlmTrafficGenerator.Generate(Spec(TokenLengthSpec.FromTrace(trace)));
        var pairs = trace.Requests.Select(r => (r.InputTokens, r.OutputTokens)).ToHashSet();
        Assert.All(w.Requests, r => Assert.Contains((r.InputTokens, r.OutputTokens), pairs));
        foreach (var pair in pairs) // each pair about a third of the time
            Assert.InRange(w.Requests.Count(r => (r.InputTokens, r.OutputTokens) == pair), w.Count * 0.3, w.Count * 0.37);
    }

    [Fact]
    public void Bad_specs_name_their_flags()
    {
        Assert.Equal("--lengths", Assert.Throws<InputException>(() => TokenLengthSpec.LogNormal(0, 1, 10, 1)).Errors[0].File);
        Assert.Equal("--lengths", Assert.Throws<InputException>(() => TokenLengthSpec.LogNormal(10, -1, 10, 1)).Errors[0].File);
        Assert.Equal("--max-tokens", Assert.Throws<InputException>(() => TokenLengthSpec.LogNormal(10, 1, 10, 1, maxTokens: 0)).Errors[0].File);
        var lengths = TokenLengthSpec.LogNormal(10, 1, 10, 1);
        Assert.Equal("--duration", Assert.Throws<InputException>(() => LlmTrafficGenerator.Generate(Spec(lengths) with { DurationS = double.PositiveInfinity })).Errors[0].File);
        Assert.Equal("--duration", Assert.Throws<InputException>(() => LlmTrafficGenerator.Generate(Spec(lengths) with { DurationS = 1e9 })).Errors[0].File);
        Assert.Equal("--rate", Assert.Throws<InputException>(() => LlmTrafficGenerator.Generate(Spec(lengths) with { Process = new ArrivalProcessSpec { RateHz = -1 } })).Errors[0].File);
    }

    [Theory]
    [InlineData(ArrivalProcessKind.Gamma)]
    [InlineData(ArrivalProcessKind.Weibull)]
    [InlineData(ArrivalProcessKind.Deterministic)]
    [InlineData(ArrivalProcessKind.Mmpp)]
    public void Every_arrival_process_generates_at_its_rate(ArrivalProcessKind kind)
    {
        var process = new ArrivalProcessSpec { Kind = kind, RateHz = 20, Cv = 2, Shape = 0.7 };
        var w = LlmTrafficGenerator.Generate(Spec(TokenLengthSpec.LogNormal(10, 0, 10, 0)) with { Process = process, DurationS = 2000 });
        double expected = process.MeanRateHz * 2000;
        Assert.InRange(w.Count, expected * 0.85, expected * 1.15);
    }
}
