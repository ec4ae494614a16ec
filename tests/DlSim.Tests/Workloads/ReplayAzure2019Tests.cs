using Xunit;
using DlSim.Formats;
using DlSim.Foundation;
using DlSim.Workloads;
using DlSim.Workloads.Operations;
using DlSim.Workloads.Replay;
using static DlSim.Tests.Workloads.ReplayTraces;

namespace DlSim.Tests.Workloads;

/// <summary>Azure Functions 2019 replay: per-minute counts kept exactly, mapping, spreading within minutes, scaling.</summary>
public sealed class ReplayAzure2019Tests : IDisposable
{
    private readonly TempDir _dir = new();
    private readonly Function2019[] _day1, _day2;
    private readonly string[] _files;

    public ReplayAzure2019Tests()
    {
        var random = new Random(7);
        // Function "b" appears only on day 2; "c" only ever in the first hour; "d" is dormant.
        _day1 =
        [
            new("o1", "a1", "fa", RandomCounts(random, 1)),
            new("o1", "a1", "fc", Counts((0, 5), (30, 2), (59, 1))),
            new("o2", "a2", "fd", new int[Minutes]),
            new("o2", "a3", "fe", RandomCounts(random, 3)),
        ];
        _day2 =
        [
            new("o2", "a3", "fe", RandomCounts(random, 3)),
            new("o3", "a4", "fb", RandomCounts(random, 2)),
            new("o1", "a1", "fa", RandomCounts(random, 1)),
        ];
        _files = [_dir.Write("d01.csv", Day2019(_day1)), _dir.Write("d02.csv", Day2019(_day2))];
    }

    public void Dispose() => _dir.Dispose();

    private Workload Replay(ReplayOptions options)
    {
        using var source = TraceReplayFiles.Open(TraceFormat.Azure2019, _files, options);
        return Workload.ReadAll(source);
    }

    /// <summary>The trace's counts per model per window minute, with the key → model map applied.</summary>
    private long[,] Expected(int start, int end, int models, Func<string, int> modelOf)
    {
        var expected = new long[end - start, models];
        foreach (var (day, functions) in new[] { (0, _day1), (1, _day2) })
            foreach (var f in functions)
                for (int c = 0; c < Minutes; c++)
                {
                    int minute = day * Minutes + c;
                    int model = modelOf(f.Key);
                    if (minute >= start && minute < end && model >= 0) expected[minute - start, model] += f.Counts[c];
                }
        return expected;
    }

    private static long[,] Binned(Workload w, int minutes, int models, double timeFactor = 1)
    {
        var counts = new long[minutes, models];
        for (int i = 0; i < w.Count; i++) counts[(int)Math.Floor(w.ArrivalsS[i] / (60 * timeFactor)), w.ModelIds[i]]++;
        return counts;
    }

    /// <summary>Functions with an invocation in [start, end), in order of first appearance in the day files.</summary>
    private List<string> ActiveInOrder(int start, int end)
    {
        var order = new List<string>();
        foreach (var (day, functions) in new[] { (0, _day1), (1, _day2) })
            foreach (var f in functions)
            {
                bool active = Enumerable.Range(0, Minutes).Any(c => f.Counts[c] > 0 && day * Minutes + c >= start && day * Minutes + c < end);
                if (active && !order.Contains(f.Key)) order.Add(f.Key);
            }
        return order;
    }

    [Theory]
    [InlineData(WithinMinute.Poisson, 0, 2 * Minutes)]
    [InlineData(WithinMinute.Uniform, 1380, 1500)]
    [InlineData(WithinMinute.Even, 1500, 2000)]
    public void Counts_per_minute_equal_the_traces_under_round_robin(WithinMinute within, int start, int end)
    {
        var w = Replay(new ReplayOptions { WindowStart = start, WindowEnd = end, Models = 3, WithinMinute = within, Scale = Seed(5) });
        var active = ActiveInOrder(start, end);
        var expected = Expected(start, end, 3, key => active.IndexOf(key) is int i and >= 0 ? i % 3 : -1);
        Assert.Equal(expected, Binned(w, end - start, 3));
        Assert.Equal(3, w.Header.ModelCount);
        Assert.Equal((end - start) * 60.0, w.Header.DurationS);
    }

    private static ScaleSpec Seed(ulong seed) => new() { Seed = seed };

    [Fact]
    public void Round_robin_follows_first_appearance_of_the_functions_active_in_the_window()
    {
        // Minutes 0..59: fa, fc and fe are active (fd never is), so fa → 0, fc → 1, fe → 0.
        var w = Replay(new ReplayOptions { WindowEnd = 60, Models = 2 });
        var expected = Expected(0, 60, 2, key => key switch { "o1,a1,fa" or "o2,a3,fe" => 0, "o1,a1,fc" => 1, _ => -1 });
        Assert.Equal(expected, Binned(w, 60, 2));
        Assert.Equal(8, w.ModelIds.Count(m => m == 1));
    }

    [Fact]
    public void Top_n_maps_the_highest_volume_functions_in_the_window_and_drops_the_rest()
    {
        int start = 1000, end = 2500;
        var volume = new Dictionary<string, long>();
        foreach (var key in ActiveInOrder(start, end))
        {
            var perFunction = Expected(start, end, 1, k => k == key ? 0 : -1);
            volume[key] = perFunction.Cast<long>().Sum();
        }
        var top2 = volume.OrderByDescending(kv => kv.Value).Take(2).Select(kv => kv.Key).ToList();
        Assert.Equal(["o2,a3,fe", "o3,a4,fb"], top2); // fe is scaled by 3, fb by 2, fa by 1

        var w = Replay(new ReplayOptions { WindowStart = start, WindowEnd = end, Mapping = FunctionMapping.Top, Models = 2 });

        Assert.Equal(Expected(start, end, 2, key => top2.IndexOf(key)), Binned(w, end - start, 2));
        Assert.Equal(volume[top2[0]] + volume[top2[1]], w.Count);
        Assert.Equal(2, w.Header.ModelCount);
    }

    [Fact]
    public void Arrivals_ascend_inside_the_window_and_the_header_describes_them()
    {
        var w = Replay(new ReplayOptions { WindowStart = 60, WindowEnd = 180, Models = 2, SlosS = [0.1, 0.2], Name = "two_hours" });
        for (int i = 1; i < w.Count; i++) Assert.True(w.ArrivalsS[i] >= w.ArrivalsS[i - 1]);
        Assert.True(w.ArrivalsS[0] >= 0 && w.ArrivalsS[^1] < 120 * 60);
        var h = w.Header;
        Assert.Equal(7200, h.DurationS);
        Assert.Equal(w.Count / 7200.0, h.TotalRateHz, 12);
        Assert.Equal([0.1, 0.2], h.SlosS);
        Assert.Equal("two_hours", h.Name);
        for (int m = 0; m < 2; m++) Assert.Equal(w.ModelIds.Count(x => x == m) / (double)w.Count, h.Proportions[m], 12);
    }

    [Fact]
    public void Even_spreading_puts_a_minutes_requests_at_the_centres_of_equal_slots()
    {
        // fc has 5 invocations in minute 0, 2 in minute 30 and 1 in minute 59; alone on model 1.
        var w = Replay(new ReplayOptions { WindowEnd = 60, Models = 2, WithinMinute = WithinMinute.Even });
        var model1 = Enumerable.Range(0, w.Count).Where(i => w.ModelIds[i] == 1).Select(i => w.ArrivalsS[i]).ToArray();
        Assert.Equal([6, 18, 30, 42, 54, 1815, 1845, 3570], model1);
    }

    [Theory]
    [InlineData(WithinMinute.Poisson, 1.0)]
    [InlineData(WithinMinute.Uniform, 0.408)]
    [InlineData(WithinMinute.Even, 0.0)]
    public void Gap_cv_within_minutes_matches_the_process(WithinMinute within, double cv)
    {
        // One function, 500 invocations in each of 200 minutes: 100 k gaps.
        var counts = new int[Minutes];
        for (int m = 0; m < 200; m++) counts[m] = 500;
        string file = _dir.Write("steady.csv", Day2019([new("o", "a", "f", counts)]));
        using var source = TraceReplayFiles.Open(TraceFormat.Azure2019, [file], new ReplayOptions { WindowEnd = 200, Models = 1, WithinMinute = within, Scale = Seed(3) });
        var stats = WorkloadStatistics.Of(source);
        Assert.Equal(100_000, stats.Requests);
        Assert.InRange(stats.GapCv, cv - 0.01, cv + 0.01);
    }

    [Fact]
    public void The_seed_decides_the_times_and_only_the_times()
    {
        var options = new ReplayOptions { Models = 3, WindowEnd = 600 };
        var a = Replay(options with { Scale = Seed(1) });
        var b = Replay(options with { Scale = Seed(1) });
        var c = Replay(options with { Scale = Seed(2) });
        Assert.Equal(a.ArrivalsS, b.ArrivalsS);
        Assert.Equal(a.ModelIds, b.ModelIds);
        Assert.NotEqual(a.ArrivalsS, c.ArrivalsS);
        Assert.Equal(Binned(a, 600, 3), Binned(c, 600, 3));
    }

    [Fact]
    public void A_whole_rate_factor_multiplies_every_minutes_count_and_a_time_factor_every_arrival()
    {
        var options = new ReplayOptions { WindowStart = 1400, WindowEnd = 1500, Models = 2, Scale = Seed(9) };
        var once = Replay(options);
        var twice = Replay(options with { Scale = Seed(9) with { RateFactor = 2 } });
        var expected = Binned(once, 100, 2);
        for (int m = 0; m < 100; m++) for (int k = 0; k < 2; k++) expected[m, k] *= 2;
        Assert.Equal(expected, Binned(twice, 100, 2));

        var faster = Replay(options with { Scale = Seed(9) with { TimeFactor = 0.5 } });
        Assert.Equal(once.ArrivalsS.Select(t => t * 0.5), faster.ArrivalsS);
        Assert.Equal(once.Header.DurationS * 0.5, faster.Header.DurationS);
    }

    [Fact]
    public void A_rate_factor_below_one_thins_to_about_that_share()
    {
        var options = new ReplayOptions { Models = 2, Scale = Seed(4) };
        int all = Replay(options).Count;
        var thinned = Replay(options with { Scale = Seed(4) with { RateFactor = 0.3 } });
        double sigma = Math.Sqrt(all * 0.3 * 0.7);
        Assert.InRange(thinned.Count, all * 0.3 - 4 * sigma, all * 0.3 + 4 * sigma);
        Assert.Equal(thinned.ArrivalsS, Replay(options with { Scale = Seed(4) with { RateFactor = 0.3 } }).ArrivalsS);
    }

    [Fact]
    public void An_empty_window_is_bad_input_naming_the_flag()
    {
        string file = _dir.Write("sparse.csv", Day2019([new("o", "a", "f", Counts((0, 3), (100, 1)))]));
        foreach (var mapping in Enum.GetValues<FunctionMapping>())
        {
            var e = Assert.Throws<InputException>(() => TraceReplayFiles.Open(TraceFormat.Azure2019, [file],
                new ReplayOptions { WindowStart = 10, WindowEnd = 100, Mapping = mapping }));
            Assert.Equal("--window", e.Errors.Single().File);
            Assert.Contains("none in minutes 10:100", e.Message);
        }
    }
}
