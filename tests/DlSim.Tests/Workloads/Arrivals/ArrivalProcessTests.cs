using Xunit;
using DlSim.Foundation;
using DlSim.Workloads;
using DlSim.Workloads.Arrivals;

namespace DlSim.Tests.Workloads.Arrivals;

/// <summary>
/// Each process against its analytic figures, with fixed seeds: mean rate within 1 % (MMPP: 2 %) and gap
/// CV within 3 %. At least 200 k arrivals each; more where 200 k would put the tolerance under 4 standard
/// errors of the rate estimate (its relative error is √(IDC/n), IDC the index of dispersion of counts:
/// CV² for a renewal process). Measured figures are in the assertion messages.
/// </summary>
public class ArrivalProcessTests
{
    private const int MinSamples = 200_000;

    public static TheoryData<string, ArrivalProcessSpec> Processes() => new()
    {
        { "poisson", new() { Kind = ArrivalProcessKind.Poisson, RateHz = 100 } },
        { "gamma cv 0.5", new() { Kind = ArrivalProcessKind.Gamma, RateHz = 100, Cv = 0.5 } },
        { "gamma cv 3", new() { Kind = ArrivalProcessKind.Gamma, RateHz = 100, Cv = 3 } },
        { "deterministic", new() { Kind = ArrivalProcessKind.Deterministic, RateHz = 100 } },
        { "weibull k 0.7", new() { Kind = ArrivalProcessKind.Weibull, RateHz = 100, Shape = 0.7 } },
        { "weibull k 2", new() { Kind = ArrivalProcessKind.Weibull, RateHz = 100, Shape = 2 } },
    };

    [Theory, MemberData(nameof(Processes))]
    public void Mean_rate_within_1_percent_and_gap_cv_within_3_percent(string name, ArrivalProcessSpec spec)
    {
        double cv = spec.GapCv;
        int n = SamplesFor(cv * cv, tolerance: 0.01);
        var (rate, sampleCv) = Measure(spec, n, seed: 11);

        Assert.True(Math.Abs(rate / spec.RateHz - 1) <= 0.01, $"{name}: rate {rate} over {n} arrivals, expected {spec.RateHz} ± 1 %");
        if (cv == 0) Assert.True(sampleCv < 1e-12, $"{name}: gap CV {sampleCv}, expected 0");
        else Assert.True(Math.Abs(sampleCv / cv - 1) <= 0.03, $"{name}: gap CV {sampleCv} over {n} arrivals, expected {cv} ± 3 %");
    }

    public static TheoryData<string, MmppParameters> Mmpps() => new()
    {
        { "fast switching: 0.1 s bursts of 10x", new(2, 20, 0.9, 0.1) },
        { "slow switching: 9 s at 5 Hz, 1 s at 50 Hz", new(5, 50, 9, 1) },
        { "on-off", new(0, 30, 2, 1) },
    };

    [Theory, MemberData(nameof(Mmpps))]
    public void Mmpp_long_run_rate_within_2_percent_of_analytic_and_gap_cv_within_3_percent(string name, MmppParameters p)
    {
        var spec = new ArrivalProcessSpec { Kind = ArrivalProcessKind.Mmpp, Mmpp = p };
        int n = SamplesFor(MmppIndexOfDispersion(p), tolerance: 0.02);
        var (rate, cv) = Measure(spec, n, seed: 12);

        Assert.Equal((p.Rate1Hz * p.Sojourn1S + p.Rate2Hz * p.Sojourn2S) / (p.Sojourn1S + p.Sojourn2S), spec.MeanRateHz, 12);
        Assert.True(Math.Abs(rate / spec.MeanRateHz - 1) <= 0.02, $"{name}: rate {rate} over {n} arrivals, expected {spec.MeanRateHz} ± 2 %");
        Assert.True(Math.Abs(cv / spec.GapCv - 1) <= 0.03, $"{name}: gap CV {cv} over {n} arrivals, expected {spec.GapCv} ± 3 %");
    }

    [Theory, MemberData(nameof(Processes))]
    public void The_first_arrival_is_a_stationary_forward_recurrence_time(string name, ArrivalProcessSpec spec)
    {
        // A renewal process observed from a random instant waits E[X²]/(2E[X]) = (1 + CV²)/(2λ) on average
        // (5 mean gaps for CV 3): starting there makes counts from 0 unbiased. Over 40 k independent starts,
        // within 4 standard errors.
        const int starts = 40_000;
        double mean = 0, m2 = 0;
        for (int i = 0; i < starts; i++)
        {
            double first = ArrivalProcess.Create(spec, new DeterministicRng((ulong)i)).FirstGap();
            double delta = first - mean;
            mean += delta / (i + 1);
            m2 += delta * (first - mean);
        }
        double expected = (1 + spec.GapCv * spec.GapCv) / (2 * spec.RateHz);
        double standardError = Math.Sqrt(m2 / (starts - 1) / starts);
        Assert.True(Math.Abs(mean - expected) <= 4 * standardError, $"{name}: mean first gap {mean}, expected {expected} ± {4 * standardError}");
    }

    [Fact]
    public void Mmpp_with_equal_rates_is_poisson()
    {
        Assert.Equal(1.0, new MmppParameters(7, 7, 3, 0.5).GapCv, 12);
        Assert.Equal(7.0, new MmppParameters(7, 7, 3, 0.5).MeanRateHz, 12);
    }

    [Fact]
    public void Analytic_cv_follows_the_gamma_function_formula()
    {
        Assert.Equal(Math.Sqrt(Math.PI), GammaFunction.Gamma(0.5), 13);
        Assert.Equal(24.0, GammaFunction.Gamma(5), 11);
        Assert.Equal(Math.Sqrt(Math.PI) / 2, GammaFunction.Gamma(1.5), 13);
        Assert.Equal(1.0, new ArrivalProcessSpec { Kind = ArrivalProcessKind.Weibull, Shape = 1 }.GapCv, 12); // exponential
        Assert.Equal(Math.Sqrt(4 / Math.PI - 1), new ArrivalProcessSpec { Kind = ArrivalProcessKind.Weibull, Shape = 2 }.GapCv, 12); // Rayleigh
        Assert.Equal(3.0, new ArrivalProcessSpec { Kind = ArrivalProcessKind.Gamma, Cv = 3 }.GapCv);
        Assert.Equal(0.0, new ArrivalProcessSpec { Kind = ArrivalProcessKind.Deterministic }.GapCv);
    }

    [Theory, MemberData(nameof(Processes))]
    public void The_seed_decides_the_gaps(string name, ArrivalProcessSpec spec)
    {
        Assert.Equal(Gaps(spec, 1000, seed: 5), Gaps(spec, 1000, seed: 5));
        Assert.NotEqual(Gaps(spec, 1000, seed: 5), Gaps(spec, 1000, seed: 6)); // deterministic too: its phase is drawn
        Assert.All(Gaps(spec, 1000, seed: 5), g => Assert.True(g >= 0 && double.IsFinite(g), name));
    }

    [Fact]
    public void Names_come_from_the_enum()
    {
        Assert.Equal("poisson, gamma, deterministic, weibull, mmpp", ArrivalProcessKinds.AllNames);
        foreach (var kind in Enum.GetValues<ArrivalProcessKind>())
        {
            Assert.Equal(kind, ArrivalProcessKinds.Parse(ArrivalProcessKinds.Name(kind)));
            Assert.NotNull(ArrivalProcess.Create(new ArrivalProcessSpec { Kind = kind }, new DeterministicRng(0)));
        }
        var e = Assert.Throws<InputException>(() => ArrivalProcessKinds.Parse("pareto"));
        Assert.Equal("--process: expected one of poisson, gamma, deterministic, weibull, mmpp, found \"pareto\"", e.Message);
    }

    [Theory]
    [InlineData(ArrivalProcessKind.Gamma, -1.0, 1.0, 1.0, "--rate: expected a positive rate")]
    [InlineData(ArrivalProcessKind.Gamma, 10.0, 0.0, 1.0, "--cv: expected a positive coefficient of variation")]
    [InlineData(ArrivalProcessKind.Gamma, 10.0, -2.0, 1.0, "--cv: expected a positive coefficient of variation")]
    [InlineData(ArrivalProcessKind.Weibull, 10.0, 1.0, 0.0, "--shape: expected a positive Weibull shape")]
    public void Rejects_bad_parameters(ArrivalProcessKind kind, double rate, double cv, double shape, string message)
    {
        var spec = new ArrivalProcessSpec { Kind = kind, RateHz = rate, Cv = cv, Shape = shape };
        var e = Assert.Throws<InputException>(spec.Validate);
        Assert.Single(e.Errors);
        Assert.StartsWith(message, e.Message);
    }

    [Theory]
    [InlineData("5,50,9", "expected RATE1,RATE2,SOJOURN1,SOJOURN2")]
    [InlineData("5,x,9,1", "expected RATE1,RATE2,SOJOURN1,SOJOURN2")]
    [InlineData("-5,50,9,1", "expected rates ≥ 0 in Hz, at most 1e9 (the limit), found -5 and 50")]
    [InlineData("1e308,1e308,1,1", "expected rates ≥ 0 in Hz, at most 1e9 (the limit), found 1E+308 and 1E+308")]
    [InlineData("0,0,9,1", "expected at least one positive rate")]
    [InlineData("5,50,0,1", "expected positive mean sojourn times in seconds, at most 1e12 (the limit), found 0 and 1")]
    [InlineData("5,50,1e308,1", "expected positive mean sojourn times in seconds, at most 1e12 (the limit), found 1E+308 and 1")]
    [InlineData("1,2,1e-308,1e-308", "expected sojourns long enough for at most 1000000 state changes per arrival on average (the limit), found 6.666666666666667E+307")]
    public void Rejects_bad_mmpp_parameters(string text, string expected)
    {
        var e = Assert.Throws<InputException>(() => MmppParameters.Parse(text));
        Assert.Single(e.Errors);
        Assert.StartsWith("--mmpp: " + expected, e.Message);
    }

    /// <summary>max(200 k, the n at which the tolerance is 4 standard errors of the rate estimate).</summary>
    private static int SamplesFor(double indexOfDispersion, double tolerance) =>
        (int)Math.Max(MinSamples, Math.Ceiling(indexOfDispersion * Math.Pow(4 / tolerance, 2)));

    /// <summary>Asymptotic Var N(t) / E N(t) of a two-state MMPP: 1 + 2(r1 − r2)²q1q2 / ((q1 + q2)³ λ̄), qᵢ = 1/sᵢ.</summary>
    private static double MmppIndexOfDispersion(MmppParameters p)
    {
        double q1 = 1 / p.Sojourn1S, q2 = 1 / p.Sojourn2S, d = p.Rate1Hz - p.Rate2Hz;
        return 1 + 2 * d * d * q1 * q2 / (Math.Pow(q1 + q2, 3) * p.MeanRateHz);
    }

    /// <summary>Rate = n ÷ the time of the n-th arrival from 0 (so the stationary start counts); CV of the n − 1 gaps after the first (Welford).</summary>
    private static (double Rate, double Cv) Measure(ArrivalProcessSpec spec, int n, ulong seed)
    {
        var process = ArrivalProcess.Create(spec, new DeterministicRng(seed));
        double t = process.FirstGap(), mean = 0, m2 = 0;
        for (int i = 1; i < n; i++)
        {
            double gap = process.NextGap();
            t += gap;
            double delta = gap - mean;
            mean += delta / i;
            m2 += delta * (gap - mean);
        }
        return (n / t, Math.Sqrt(m2 / (n - 1)) / mean);
    }

    private static double[] Gaps(ArrivalProcessSpec spec, int n, ulong seed)
    {
        var process = ArrivalProcess.Create(spec, new DeterministicRng(seed));
        var gaps = new double[n];
        gaps[0] = process.FirstGap();
        for (int i = 1; i < n; i++) gaps[i] = process.NextGap();
        return gaps;
    }
}
