using Xunit;
using DlSim.Formats;
using DlSim.Foundation;
using DlSim.Workloads;
using DlSim.Workloads.Operations;
using DlSim.Workloads.Replay;
using static DlSim.Tests.Workloads.ReplayTraces;

namespace DlSim.Tests.Workloads;

/// <summary>Azure Functions 2021 replay: arrival = end − duration, sorted, windowed, shifted; mapping and scaling.</summary>
public sealed class ReplayAzure2021Tests : IDisposable
{
    private readonly TempDir _dir = new();
    private readonly List<Invocation2021> _invocations;
    private readonly string _file;

    public ReplayAzure2021Tests()
    {
        _invocations = RandomInvocations(new Random(11), 3000, 3600, ("app1", "f1", 1), ("app2", "f2", 4), ("app1", "f3", 2), ("app3", "f4", 0.5));
        _file = _dir.Write("invocations.csv", File2021(_invocations));
    }

    public void Dispose() => _dir.Dispose();

    private Workload Replay(ReplayOptions options, params string[] files)
    {
        using var source = TraceReplayFiles.Open(TraceFormat.Azure2021, files.Length > 0 ? files : [_file], options);
        return Workload.ReadAll(source);
    }

    [Fact]
    public void Arrivals_are_end_minus_duration_sorted_and_shifted_to_the_window_start()
    {
        var w = Replay(new ReplayOptions { WindowStart = 600, WindowEnd = 1800, Models = 1 });
        var expected = _invocations.Select(i => i.ArrivalS).Where(a => a >= 600 && a < 1800).Order().Select(a => a - 600).ToArray();
        Assert.Equal(expected, w.ArrivalsS);
        Assert.Equal(1200, w.Header.DurationS);
    }

    [Fact]
    public void The_rows_need_not_be_sorted_and_several_files_read_as_one_trace()
    {
        Assert.Contains(_invocations.Zip(_invocations.Skip(1)), p => p.Second.ArrivalS < p.First.ArrivalS);
        string first = _dir.Write("part1.csv", File2021(_invocations.Take(1000)));
        string second = _dir.Write("part2.csv", File2021(_invocations.Skip(1000)));
        var whole = Replay(new ReplayOptions { Models = 3 });
        var parts = Replay(new ReplayOptions { Models = 3 }, first, second);
        Assert.Equal(whole.ArrivalsS, parts.ArrivalsS);
        Assert.Equal(whole.ModelIds, parts.ModelIds);
        Assert.Equal(_invocations.Select(i => i.ArrivalS).Order(), whole.ArrivalsS);
    }

    [Fact]
    public void Round_robin_follows_first_appearance_in_the_file()
    {
        var w = Replay(new ReplayOptions { Models = 2 });
        var order = _invocations.Select(i => i.Key).Distinct().ToList();
        var expected = _invocations.OrderBy(i => i.ArrivalS).Select(i => order.IndexOf(i.Key) % 2);
        Assert.Equal(expected, w.ModelIds);
    }

    [Fact]
    public void Top_n_maps_the_highest_volume_functions_by_falling_volume_and_drops_the_rest()
    {
        var volumes = _invocations.Where(i => i.ArrivalS < 1000).GroupBy(i => i.Key).ToDictionary(g => g.Key, g => g.Count());
        var top = volumes.OrderByDescending(kv => kv.Value).Take(2).Select(kv => kv.Key).ToList();
        Assert.Equal(["app2,f2", "app1,f3"], top);

        var w = Replay(new ReplayOptions { WindowEnd = 1000, Mapping = FunctionMapping.Top, Models = 2 });

        var kept = _invocations.Where(i => i.ArrivalS < 1000 && top.Contains(i.Key)).OrderBy(i => i.ArrivalS).ToList();
        Assert.Equal(kept.Select(i => i.ArrivalS), w.ArrivalsS);
        Assert.Equal(kept.Select(i => top.IndexOf(i.Key)), w.ModelIds);
    }

    [Fact]
    public void Ties_in_volume_go_to_the_function_seen_first_and_equal_arrivals_keep_file_order()
    {
        string file = _dir.Write("ties.csv", File2021(
        [
            new("a", "late", 10, 0), new("a", "early", 3, 1), new("a", "late", 2, 0), new("a", "early", 5, 3),
        ]));
        var w = Replay(new ReplayOptions { Mapping = FunctionMapping.Top, Models = 1 }, file);
        Assert.Equal([2.0, 10.0], w.ArrivalsS); // "late" was seen first; both have 2 invocations
        var rr = Replay(new ReplayOptions { Models = 2 }, file);
        Assert.Equal([1, 0, 1, 0], rr.ModelIds); // late → 0, early → 1; arrival 2 three times (rows 2, 3, 4 of the file), then 10
    }

    [Fact]
    public void Rate_factor_thins_about_that_share_deterministically_and_time_factor_scales_arrivals()
    {
        var all = Replay(new ReplayOptions { Models = 2 });
        var thin = new ReplayOptions { Models = 2, Scale = new ScaleSpec { RateFactor = 0.25, Seed = 8 } };
        var a = Replay(thin);
        double sigma = Math.Sqrt(all.Count * 0.25 * 0.75);
        Assert.InRange(a.Count, all.Count * 0.25 - 4 * sigma, all.Count * 0.25 + 4 * sigma);
        Assert.Equal(a.ArrivalsS, Replay(thin).ArrivalsS);

        var slow = Replay(new ReplayOptions { Models = 2, Scale = new ScaleSpec { TimeFactor = 3 } });
        Assert.Equal(all.ArrivalsS.Select(t => t * 3), slow.ArrivalsS);
    }

    [Fact]
    public void An_empty_window_is_bad_input_naming_the_flag()
    {
        var e = Assert.Throws<InputException>(() => Replay(new ReplayOptions { WindowStart = 5000, WindowEnd = 6000 }));
        Assert.Equal("--window", e.Errors.Single().File);
    }
}
