using Xunit;
using DlSim.Foundation;
using DlSim.Workloads;
using DlSim.Workloads.Arrivals;
using DlSim.Workloads.Traffic;

namespace DlSim.Tests.Workloads.Traffic;

/// <summary>Per-model traffic, schedules and streaming of <see cref="GeneratedRequestSource"/>.</summary>
public class GeneratedRequestSourceTests
{
    private static readonly ArrivalProcessSpec Gamma2 = new() { Kind = ArrivalProcessKind.Gamma, Cv = 2 };

    public static TheoryData<string, ArrivalProcessSpec> Kinds() => new()
    {
        { "poisson", new() },
        { "gamma cv 2", Gamma2 },
        { "deterministic", new() { Kind = ArrivalProcessKind.Deterministic } },
        { "weibull k 0.7", new() { Kind = ArrivalProcessKind.Weibull, Shape = 0.7 } },
        { "mmpp", new() { Kind = ArrivalProcessKind.Mmpp, Mmpp = new(2, 20, 0.9, 0.1) } },
    };

    [Theory, MemberData(nameof(Kinds))]
    public void Schedule_counts_per_interval_match_rate_times_length(string name, ArrivalProcessSpec process)
    {
        // Counts in an interval have a standard deviation of about √(IDC · expected), IDC ≤ CV² + 1 here
        // (MMPP: 2.4); 4 of them is the tolerance.
        var schedule = RateSchedule.Parse("0:100,1000:400,2000:0,2500:50");
        var w = Generate(new GeneratedWorkloadSpec { Process = process, Schedule = schedule, Shares = [0.6, 0.4], SlosS = [1, 1], DurationS = 3500, Seed = 3 });
        AssertAscendingWithin(w, 3500);
        double idc = Math.Max(2.4, process.GapCv * process.GapCv + 1);
        foreach (var (from, to) in new[] { (0.0, 1000.0), (1000.0, 2000.0), (2500.0, 3500.0), (100.0, 200.0), (1500.0, 1600.0) })
        {
            double expected = schedule.CumulativeAt(to) - schedule.CumulativeAt(from);
            int count = w.ArrivalsS.Count(t => t >= from && t < to);
            Assert.True(Math.Abs(count - expected) <= 4 * Math.Sqrt(idc * expected) + 2, $"{name}: {count} arrivals in [{from}, {to}), expected {expected}");
        }
        Assert.DoesNotContain(w.ArrivalsS, t => t >= 2000 && t < 2500); // rate 0
    }

    [Fact]
    public void A_schedule_keeps_the_gap_cv_of_the_process_at_every_rate()
    {
        // Time rescaling: within each constant stretch the gaps are Gamma with CV 2 (kurtosis 26: the CV
        // estimate's relative error is about √(26/(4n)) = 0.6 % at 200 k gaps; the tolerance is 3 %).
        var w = Generate(new GeneratedWorkloadSpec
        {
            Process = Gamma2, Schedule = RateSchedule.Parse("0:100,2000:400"), Shares = [1], SlosS = [1], DurationS = 4000, Seed = 4,
        });
        foreach (var (from, to) in new[] { (0.0, 2000.0), (2000.0, 4000.0) })
        {
            var times = w.ArrivalsS.Where(t => t >= from && t < to).ToArray();
            double cv = GapCv(times);
            Assert.True(Math.Abs(cv / 2 - 1) <= 0.03, $"gap CV {cv} over [{from}, {to}) with {times.Length} arrivals, expected 2 ± 3 %");
        }
    }

    [Theory, MemberData(nameof(Kinds))]
    public void Power_law_spread_gives_each_model_its_share(string name, ArrivalProcessSpec process)
    {
        var shares = ModelSpread.Parse("powerlaw:1.2").Shares(5);
        process = process with { RateHz = 1000 }; // MMPP keeps its own rate
        var w = Generate(new GeneratedWorkloadSpec { Process = process, Shares = shares, SlosS = [1, 1, 1, 1, 1], DurationS = 200, Seed = 5 });
        var stats = WorkloadStatistics.Of(w);
        double idc = Math.Max(2.4, process.GapCv * process.GapCv + 1);
        for (int m = 0; m < shares.Length; m++)
        {
            double expected = shares[m] * process.MeanRateHz * 200;
            Assert.True(Math.Abs(stats.Models[m].Requests - expected) <= 4 * Math.Sqrt(idc * expected),
                $"{name}: model {m} got {stats.Models[m].Requests} requests, expected {expected:F0} (share {shares[m]:F4})");
        }
    }

    [Fact]
    public void Each_model_keeps_the_process_shape_in_a_superposition()
    {
        var w = Generate(new GeneratedWorkloadSpec { Process = Gamma2 with { RateHz = 2000 }, Shares = [0.5, 0.3, 0.2], SlosS = [1, 1, 1], DurationS = 200, Seed = 6 });
        var stats = WorkloadStatistics.Of(w);
        Assert.All(stats.Models, m => Assert.InRange(m.GapCv, 1.94, 2.06));
        Assert.True(stats.GapCv < 1.9); // the superposition of independent streams is smoother than each
    }

    [Fact]
    public void Deterministic_streams_of_equal_rate_are_not_in_step()
    {
        var w = Generate(new GeneratedWorkloadSpec { Process = new() { Kind = ArrivalProcessKind.Deterministic, RateHz = 30 }, Shares = [1 / 3.0, 1 / 3.0, 1 / 3.0], SlosS = [1, 1, 1], DurationS = 10, Seed = 7 });
        Assert.InRange(w.Count, 297, 300);
        Assert.Equal(w.Count, w.ArrivalsS.Distinct().Count());
        var stats = WorkloadStatistics.Of(w);
        Assert.All(stats.Models, m => Assert.True(m.GapCv < 1e-9 && Math.Abs(m.MeanGapS - 0.1) < 1e-12));
    }

    [Theory, MemberData(nameof(Kinds))]
    public void The_seed_decides_the_stream(string name, ArrivalProcessSpec process)
    {
        var spec = new GeneratedWorkloadSpec { Process = process, Schedule = RateSchedule.Parse("0:50,5:200"), DurationS = 10, Seed = 8 };
        var a = Generate(spec);
        var b = Generate(spec);
        var c = Generate(spec with { Seed = 9 });
        Assert.Equal(a.ArrivalsS, b.ArrivalsS);
        Assert.Equal(a.ModelIds, b.ModelIds);
        Assert.True(!a.ArrivalsS.SequenceEqual(c.ArrivalsS), name);
    }

    [Theory, MemberData(nameof(Kinds))]
    public void A_request_count_limits_the_stream_and_the_header_says_so(string name, ArrivalProcessSpec process)
    {
        var spec = new GeneratedWorkloadSpec { Process = process, DurationS = double.PositiveInfinity, MaxRequests = 5000, Seed = 10 };
        var w = Generate(spec);
        Assert.Equal(5000, w.Count);
        Assert.Equal(0, w.Header.DurationS); // not known before the last request
        Assert.Equal(process.MeanRateHz, w.Header.TotalRateHz);
        AssertAscendingWithin(w, double.PositiveInfinity);
        Assert.True(Generate(spec with { MaxRequests = 300, DurationS = 1e6 }).Count == 300, name);
        Assert.True(Generate(spec with { DurationS = 1 }).Count < 5000);
    }

    [Fact]
    public void A_schedule_ending_at_rate_0_ends_a_count_limited_stream()
    {
        var spec = new GeneratedWorkloadSpec { Process = Gamma2, Schedule = RateSchedule.Parse("0:100,10:0"), DurationS = double.PositiveInfinity, MaxRequests = 1_000_000 };
        var w = Generate(spec);
        Assert.InRange(w.Count, 800, 1200);
        Assert.True(w.ArrivalsS[^1] < 10);
    }

    [Fact]
    public void Poisson_with_proportions_is_the_seed_algorithm_byte_for_byte()
    {
        var legacy = new PoissonWorkloadSpec { TotalRateHz = 300, DurationS = 30, Proportions = [0.5, 0.25, 0.25], SlosS = [0.1, 0.2, 1], Seed = 3, Name = "p" };
        var w = Generate(GeneratedWorkloadSpec.From(legacy));
        Assert.Equal(new WorkloadHeader(3, 300, legacy.Proportions, 30, legacy.SlosS, "p"), w.Header);
        Assert.Equal(0.0, w.ArrivalsS[0]); // the seed's first request is at 0
        // The seed's loop, inline: t = 0; while t < D: emit t, draw the model, t += Exp(rate).
        var rng = new DeterministicRng(3);
        double t = 0;
        int i = 0;
        while (t < 30)
        {
            Assert.Equal(t, w.ArrivalsS[i]);
            double u = rng.NextDouble() * 1.0;
            Assert.Equal(u < 0.5 ? 0 : u < 0.75 ? 1 : 2, w.ModelIds[i]);
            t += rng.NextExponential(300);
            i++;
        }
        Assert.Equal(i, w.Count);
    }

    [Theory]
    [InlineData(ArrivalProcessKind.Gamma)]
    [InlineData(ArrivalProcessKind.Poisson)]
    public void Streams_two_million_requests_in_constant_memory(ArrivalProcessKind kind)
    {
        // Holding 2 M requests takes 24 MB; reading them through one 4096-request buffer must allocate
        // nothing per request. Bytes allocated on this thread (other tests run on other threads).
        var spec = new GeneratedWorkloadSpec
        {
            Process = new() { Kind = kind, Cv = 0.5 }, Schedule = RateSchedule.Parse("0:1000,100:5000,200:2000"), Shares = ModelSpread.Parse("powerlaw:1").Shares(50),
            SlosS = Enumerable.Repeat(1.0, 50).ToArray(), DurationS = double.PositiveInfinity, MaxRequests = 2_000_000, Seed = 11,
        };
        var models = new int[4096];
        var arrivals = new double[4096];
        using var source = new GeneratedRequestSource(spec);
        long before = GC.GetAllocatedBytesForCurrentThread();
        long count = 0;
        double last = 0;
        int n;
        while ((n = source.Read(models, arrivals)) > 0)
        {
            count += n;
            last = arrivals[n - 1];
        }
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(2_000_000, count);
        Assert.True(last > 200);
        Assert.True(allocated < 64 * 1024, $"allocated {allocated} bytes while streaming {count} requests");
    }

    [Theory]
    [InlineData(0.5, 0.2, "--proportions: expected proportions summing to 1, found a sum of 0.7")]
    [InlineData(0.5, -0.5, "--proportions: expected non-negative proportions, found -0.5")]
    public void Rejects_bad_shares(double a, double b, string message)
    {
        var e = Assert.Throws<InputException>(() => new GeneratedRequestSource(new GeneratedWorkloadSpec { Shares = [a, b] }));
        Assert.StartsWith(message, e.Message);
    }

    [Fact]
    public void Rejects_an_endless_stream_and_bad_limits()
    {
        Assert.StartsWith("--duration: expected a finite duration or a request count",
            Assert.Throws<InputException>(() => new GeneratedRequestSource(new GeneratedWorkloadSpec { DurationS = double.PositiveInfinity })).Message);
        Assert.StartsWith("--requests: expected a positive number of requests, found 0",
            Assert.Throws<InputException>(() => new GeneratedRequestSource(new GeneratedWorkloadSpec { MaxRequests = 0 })).Message);
        Assert.StartsWith("--cv: expected a positive coefficient of variation, found 0",
            Assert.Throws<InputException>(() => new GeneratedRequestSource(new GeneratedWorkloadSpec { Process = Gamma2 with { Cv = 0 } })).Message);
    }

    private static Workload Generate(GeneratedWorkloadSpec spec)
    {
        using var source = new GeneratedRequestSource(spec);
        return Workload.ReadAll(source);
    }

    private static void AssertAscendingWithin(Workload w, double durationS)
    {
        Assert.True(w.ArrivalsS[0] >= 0);
        for (int i = 1; i < w.Count; i++)
            if (!(w.ArrivalsS[i] >= w.ArrivalsS[i - 1])) Assert.Fail($"arrival {i} at {w.ArrivalsS[i]} before {w.ArrivalsS[i - 1]}");
        Assert.True(w.ArrivalsS[^1] < durationS);
    }

    private static double GapCv(double[] times)
    {
        double mean = 0, m2 = 0;
        for (int i = 1; i < times.Length; i++)
        {
            double gap = times[i] - times[i - 1], delta = gap - mean;
            mean += delta / i;
            m2 += delta * (gap - mean);
        }
        return Math.Sqrt(m2 / (times.Length - 1)) / mean;
    }
}
