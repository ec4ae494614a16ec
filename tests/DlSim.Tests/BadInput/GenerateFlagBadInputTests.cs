using Xunit;

namespace DlSim.Tests.BadInput;

/// <summary>Bad traffic flags of <c>workload generate</c>: exit 2, one line <c>dlsim: --flag: expected …</c>, no file.</summary>
public sealed class GenerateFlagBadInputTests : IDisposable
{
    private readonly BadInputCase _case = new();

    public void Dispose() => _case.Dispose();

    private string Fails(string prefix, string expected, params string[] flags) =>
        _case.AssertOneLineError(["workload", "generate", .. flags, "-o", _case.Output("w.csv")], prefix, expected);

    [Fact]
    public void Unknown_process_name() =>
        Assert.EndsWith("found \"pareto\"", Fails("--process: ", "one of poisson, gamma, deterministic, weibull, mmpp", "--process", "pareto"));

    [Theory]
    [InlineData("-1")]
    [InlineData("0")]
    [InlineData("fast")]
    public void Negative_or_zero_rate(string rate) =>
        Assert.EndsWith($"found \"{rate}\"", Fails("--rate: ", "a positive rate in Hz", "--rate", rate));

    [Fact]
    public void Negative_rate_for_a_model() =>
        Fails("--rates: ", "rates ≥ 0 in Hz, found -3 for model 1", "--rates", "0=5,1=-3");

    [Fact]
    public void Negative_rate_in_a_schedule() =>
        Fails("--schedule: ", "rates ≥ 0 in Hz, found -5", "--schedule", "0:10,60:-5");

    [Theory]
    [InlineData("0")]
    [InlineData("-0.5")]
    public void Cv_not_positive(string cv) =>
        Fails("--cv: ", "a positive coefficient of variation", "--process", "gamma", "--cv", cv);

    [Fact]
    public void Cv_without_gamma() => Fails("--cv: ", "--process gamma with --cv, found --process weibull", "--process", "weibull", "--cv", "2");

    [Fact]
    public void Shape_not_positive() => Fails("--shape: ", "a positive Weibull shape", "--process", "weibull", "--shape", "0");

    [Fact]
    public void Mmpp_malformed() => Fails("--mmpp: ", "RATE1,RATE2,SOJOURN1,SOJOURN2", "--process", "mmpp", "--mmpp", "5,50,9");

    [Fact]
    public void Schedule_out_of_order() =>
        Fails("--schedule: ", "step starts in increasing order, found 60 after 120", "--schedule", "0:10,120:5,60:30");

    [Theory]
    [InlineData("0:10,60")]
    [InlineData("0-10")]
    [InlineData("0:10,sixty:30")]
    public void Schedule_malformed(string schedule) => Fails("--schedule: ", "START:RATE steps (seconds:Hz)", "--schedule", schedule);

    [Fact]
    public void Schedule_not_starting_at_0() => Fails("--schedule: ", "the first step to start at 0, found 10", "--schedule", "10:5");

    [Fact]
    public void Proportions_not_summing_to_1() =>
        Assert.EndsWith("found a sum of 1.1", Fails("--proportions: ", "proportions summing to 1", "--process", "gamma", "--cv", "2", "--proportions", "0.6,0.5"));

    [Fact]
    public void Rates_for_a_model_id_out_of_range() =>
        Fails("--rates: ", "model ids below 3 (--models), found 3", "--rates", "0=5,3=1", "--models", "3");

    [Fact]
    public void Rates_with_a_total_rate() => Fails("--rates: ", "--rates alone", "--rates", "0=5,1=1", "--rate", "6");

    [Fact]
    public void Rate_with_a_schedule() => Fails("--rate: ", "--rate or --schedule", "--rate", "6", "--schedule", "0:6");

    [Fact]
    public void Spread_without_models() => Fails("--spread: ", "--models N", "--spread", "uniform");

    [Fact]
    public void Unknown_spread() => Fails("--spread: ", "uniform or powerlaw:ALPHA", "--models", "4", "--spread", "zipf:1");

    [Fact]
    public void Models_disagreeing_with_proportions() => Fails("--models: ", "as many models as --proportions (2)", "--models", "3", "--proportions", "0.5,0.5");

    [Theory]
    [InlineData("0")]
    [InlineData("2.5")]
    public void Requests_not_a_positive_whole_number(string n) => Fails("--requests: ", "a whole number of requests from 1 to 2147483647 (the limit)", "--requests", n);

    [Fact]
    public void Duration_not_positive() => Fails("--duration: ", "a positive duration in seconds", "--duration", "-3");

    [Fact]
    public void Slos_per_model_count_wrong() => Fails("--slos: ", "one SLO per model (3)", "--models", "3", "--slos", "0.1,0.2");
}
