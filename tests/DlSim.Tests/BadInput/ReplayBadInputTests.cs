using DlSim.Tests.Workloads;
using Xunit;
using static DlSim.Tests.Workloads.ReplayTraces;

namespace DlSim.Tests.BadInput;

/// <summary>Bad trace files and replay flags given to <c>workload replay</c>: one line naming the file and row (or the flag), no output written.</summary>
public sealed class ReplayBadInputTests : IDisposable
{
    private static readonly string GoodRow2019 = "o,a,f,http," + string.Join(',', Counts((0, 2), (10, 1)));
    private const string Header2021 = "app,func,end_timestamp,duration\n";

    private readonly BadInputCase _case = new();

    public void Dispose() => _case.Dispose();

    private string[] Args(string format, string file, params string[] flags) =>
        ["workload", "replay", format, file, .. flags, "-o", _case.Output("replayed.csv")];

    /// <summary>A 2019 day file: header, a good row, then the given row at line 3.</summary>
    private string Day(string row) => _case.Write("d01.csv", Header2019 + "\n" + GoodRow2019 + "\n" + row + "\n");

    [Fact]
    public void Azure2019_row_with_a_missing_column()
    {
        string path = Day("o,a,g,http," + string.Join(',', new int[Minutes - 1]));
        string line = _case.AssertOneLineError(Args("azure2019", path), $"{path}:3: ", "1444 columns");
        Assert.EndsWith("found 1443", line);
    }

    [Fact]
    public void Azure2019_non_numeric_count()
    {
        var counts = new string[Minutes];
        Array.Fill(counts, "0");
        counts[99] = "x";
        string path = Day("o,a,g,http," + string.Join(',', counts));
        string line = _case.AssertOneLineError(Args("azure2019", path), $"{path}:3: ", "an invocation count (an integer ≥ 0) in minute column 100");
        Assert.EndsWith("found \"x\"", line);
    }

    [Fact]
    public void Azure2019_negative_count()
    {
        var counts = new int[Minutes];
        counts[0] = -2;
        string path = Day("o,a,g,http," + string.Join(',', counts));
        string line = _case.AssertOneLineError(Args("azure2019", path), $"{path}:3: ", "an invocation count (an integer ≥ 0) in minute column 1");
        Assert.EndsWith("found \"-2\"", line);
    }

    [Fact]
    public void Azure2019_wrong_header()
    {
        string path = _case.Write("d01.csv", Header2019.Replace("HashApp", "App") + "\n" + GoodRow2019 + "\n");
        string line = _case.AssertOneLineError(Args("azure2019", path), $"{path}:1: ", "header column 2 \"HashApp\"");
        Assert.EndsWith("found \"App\"", line);
    }

    [Fact]
    public void Azure2019_empty_window()
    {
        string path = Day(GoodRow2019.Replace("o,a,f", "o,a,g"));
        _case.AssertOneLineError(Args("azure2019", path, "--window", "20:30"), "--window: ", "a window holding at least one invocation");
    }

    [Fact]
    public void Azure2019_window_beyond_the_day_files()
    {
        string path = Day(GoodRow2019.Replace("o,a,f", "o,a,g"));
        _case.AssertOneLineError(Args("azure2019", path, "--window", "0:1441"), "--window: ", "a window within the 1 day file(s) given");
    }

    [Fact]
    public void Azure2019_window_in_part_minutes()
    {
        string path = Day(GoodRow2019.Replace("o,a,f", "o,a,g"));
        _case.AssertOneLineError(Args("azure2019", path, "--window", "0:1.5"), "--window: ", "whole minutes");
    }

    [Fact]
    public void Unknown_within_minute_process()
    {
        string path = Day(GoodRow2019.Replace("o,a,f", "o,a,g"));
        string line = _case.AssertOneLineError(Args("azure2019", path, "--within-minute", "bursty"), "--within-minute: ", "poisson, uniform or even");
        Assert.EndsWith("found \"bursty\"", line);
    }

    [Theory]
    [InlineData("top:0")]
    [InlineData("top")]
    [InlineData("striped")]
    public void Bad_mapping(string map)
    {
        string path = Day(GoodRow2019.Replace("o,a,f", "o,a,g"));
        _case.AssertOneLineError(Args("azure2019", path, "--map", map), "--map: ", "round-robin or top:N with N ≥ 1");
    }

    [Fact]
    public void Model_count_disagreeing_with_top_n()
    {
        string path = Day(GoodRow2019.Replace("o,a,f", "o,a,g"));
        _case.AssertOneLineError(Args("azure2019", path, "--map", "top:3", "--models", "4"), "--models: ", "3 as --map top:3 says");
    }

    [Fact]
    public void Slos_not_one_per_model()
    {
        string path = Day(GoodRow2019.Replace("o,a,f", "o,a,g"));
        _case.AssertOneLineError(Args("azure2019", path, "--models", "3", "--slos", "0.1,0.2"), "--slos: ", "one SLO for every model or one per model (3)");
    }

    [Fact]
    public void Rate_factor_of_zero()
    {
        string path = Day(GoodRow2019.Replace("o,a,f", "o,a,g"));
        _case.AssertOneLineError(Args("azure2019", path, "--rate-factor", "0"), "--rate-factor: ", "a factor > 0");
    }

    [Fact]
    public void Missing_trace_file()
    {
        string path = _case.Output("nowhere.csv");
        _case.AssertOneLineError(Args("azure2021", path), $"{path}: ", "an existing trace file");
    }

    [Fact]
    public void Azure2021_row_with_three_columns()
    {
        string path = _case.Write("inv.csv", Header2021 + "a,f,10,1\na,f,12\n");
        string line = _case.AssertOneLineError(Args("azure2021", path), $"{path}:3: ", "4 columns (app,func,end_timestamp,duration)");
        Assert.EndsWith("found 3", line);
    }

    [Fact]
    public void Azure2021_end_before_duration()
    {
        string path = _case.Write("inv.csv", Header2021 + "a,f,10,1\na,f,1.5,2\n");
        string line = _case.AssertOneLineError(Args("azure2021", path), $"{path}:3: ", "end_timestamp ≥ duration");
        Assert.EndsWith("found end_timestamp 1.5 < duration 2", line);
    }

    [Fact]
    public void Azure2021_non_numeric_end()
    {
        string path = _case.Write("inv.csv", Header2021 + "a,f,ten,1\na,f,12,1\n");
        string line = _case.AssertOneLineError(Args("azure2021", path), $"{path}:2: ", "end_timestamp a finite number of seconds");
        Assert.EndsWith("found \"ten\"", line);
    }

    [Fact]
    public void Azure2021_negative_duration()
    {
        string path = _case.Write("inv.csv", Header2021 + "a,f,10,-1\n");
        _case.AssertOneLineError(Args("azure2021", path), $"{path}:2: ", "duration a finite number of seconds ≥ 0");
    }

    [Fact]
    public void Azure2021_wrong_header()
    {
        string path = _case.Write("inv.csv", "app,func,end,duration\na,f,10,1\n");
        _case.AssertOneLineError(Args("azure2021", path), $"{path}:1: ", "the header row app,func,end_timestamp,duration");
    }

    [Fact]
    public void Azure2021_empty_window()
    {
        string path = _case.Write("inv.csv", Header2021 + "a,f,10,1\na,g,20,1\n");
        _case.AssertOneLineError(Args("azure2021", path, "--window", "100:"), "--window: ", "a window holding at least one invocation");
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("1:2:3")]
    [InlineData("x:10")]
    public void Malformed_window(string window)
    {
        string path = _case.Write("inv.csv", Header2021 + "a,f,10,1\n");
        _case.AssertOneLineError(Args("azure2021", path, "--window", window), "--window: ", "START:END in seconds");
    }

    [Fact]
    public void Window_ending_before_it_starts()
    {
        string path = _case.Write("inv.csv", Header2021 + "a,f,10,1\n");
        _case.AssertOneLineError(Args("azure2021", path, "--window", "50:20"), "--window: ", "an end after the start (50 seconds)");
    }
}
