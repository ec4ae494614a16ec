using Xunit;
using DlSim.Formats.Sweeps;
using DlSim.Sweeps;
using DlSim.Tests.BadInput;
using DlSim.Tests.Cli;

namespace DlSim.Tests.Sweeps;

public class SweepTests
{
    /// <summary>2 routers × 3 client counts, plus one explicit case: 7 short closed-loop runs on the default placement.</summary>
    private const string Small = """
        {
          "name": "small",
          "base": { "--closed-loop": "0=2", "--duration": 5, "--overhead": "0" },
          "axes": [
            { "flag": "--routing", "values": ["earliest-free", "round-robin"] },
            { "flag": "--closed-loop", "values": ["0=1", "0=2", ["0=3", "1=1"]] }
          ],
          "cases": [ { "--routing": "random", "--seed": 3 } ]
        }
        """;

    [Fact]
    public void Cases_are_the_product_of_the_axes_first_axis_outermost_then_the_explicit_cases_with_stable_ids()
    {
        using var dir = new TempDir();
        var spec = SweepFile.Read(dir.Write("s.json", Small));
        var cases = spec.Expand();
        Assert.Equal(7, cases.Count);
        Assert.Equal(["--closed-loop", "0=1", "--duration", "5", "--overhead", "0", "--routing", "earliest-free"], cases[0].Arguments);
        Assert.Equal(["--closed-loop", "0=3", "--closed-loop", "1=1", "--duration", "5", "--overhead", "0", "--routing", "round-robin"], cases[5].Arguments);
        Assert.Equal(["--closed-loop", "0=2", "--duration", "5", "--overhead", "0", "--routing", "random", "--seed", "3"], cases[6].Arguments);
        Assert.Equal(["--routing", "--closed-loop", "--seed"], spec.VariedFlags());
        Assert.Equal(7, cases.Select(c => c.Id).Distinct().Count());
        // An id depends on the case's arguments only: the same case in a reordered sweep keeps it.
        var reordered = SweepFile.Read(dir.Write("r.json", Small.Replace("\"earliest-free\", \"round-robin\"", "\"round-robin\", \"earliest-free\"")));
        Assert.Equal(cases.Select(c => c.Id).Order(), reordered.Expand().Select(c => c.Id).Order());
    }

    [Fact]
    public void Local_runs_shards_in_any_order_and_a_resumed_run_merge_to_identical_tables()
    {
        using var dir = new TempDir();
        string sweep = dir.Write("s.json", Small);
        Run("sweep", "run", sweep, "-o", dir.File("local"), "--jobs", "2");
        foreach (int shard in new[] { 2, 0, 1 }) Run("sweep", "run", sweep, "-o", dir.File($"shard{shard}"), "--shard", $"{shard}/3", "--jobs", "1");
        // Resume: one shard first, then the whole sweep in the same folder runs only the rest.
        Run("sweep", "run", sweep, "-o", dir.File("resumed"), "--shard", "1/2");
        var (_, _, resumeErr) = Run("sweep", "run", sweep, "-o", dir.File("resumed"));
        Assert.Contains("7 cases, shard 0/1: 7, 3 already done, 4 to run", resumeErr);

        Run("sweep", "merge", dir.File("local"), "-o", dir.File("local.csv"));
        Run("sweep", "merge", dir.File("shard0"), dir.File("shard2"), dir.File("shard1"), "-o", dir.File("shards.csv"));
        Run("sweep", "merge", dir.File("resumed"), "-o", dir.File("resumed.csv"));
        byte[] local = File.ReadAllBytes(dir.File("local.csv"));
        Assert.Equal(local, File.ReadAllBytes(dir.File("shards.csv")));
        Assert.Equal(local, File.ReadAllBytes(dir.File("resumed.csv")));

        Run("sweep", "merge", dir.File("local"), "-o", dir.File("local.parquet"));
        Run("sweep", "merge", dir.File("shard1"), dir.File("shard0"), dir.File("shard2"), "-o", dir.File("shards.parquet"));
        byte[] parquet = File.ReadAllBytes(dir.File("local.parquet"));
        Assert.Equal(parquet, File.ReadAllBytes(dir.File("shards.parquet")));
        Assert.Equal("PAR1"u8.ToArray(), parquet[..4]);
        var csv = File.ReadAllLines(dir.File("local.csv"));
        int attainment = Array.IndexOf(csv[0].Split(','), "overall.attainment");
        var fromParquet = ReadDoubles(dir.File("local.parquet"), "overall.attainment");
        Assert.Equal(csv.Skip(1).Select(l => (double?)double.Parse(l.Split(',')[attainment], System.Globalization.CultureInfo.InvariantCulture)), fromParquet);

        var lines = File.ReadAllLines(dir.File("local.csv"));
        Assert.Equal(8, lines.Length);
        var header = lines[0].Split(',');
        Assert.Equal(["index", "id", "routing", "closed-loop", "seed"], header[..5]);
        Assert.Contains("overall.attainment", header);
        Assert.Contains("model1.p99_s", header);
        Assert.Contains("node0.gpu1.utilization", header);
        Assert.StartsWith("5,", lines[6]);
        Assert.Contains(",round-robin,0=3;1=1,false,", lines[6]);
    }

    [Fact]
    public void Plot_draws_the_figures_against_one_flag_with_a_line_per_value_of_another()
    {
        using var dir = new TempDir();
        Run("sweep", "run", dir.Write("s.json", Small), "-o", dir.File("out"));
        var (_, stdout, _) = Run("sweep", "plot", dir.File("out"), "--x", "--closed-loop", "--series", "routing", "-o", dir.File("plots"), "--plot-format", "svg");
        Assert.Contains("sweep.svg", stdout);
        string svg = File.ReadAllText(dir.File(Path.Combine("plots", "sweep.svg")));
        Assert.Contains("routing earliest-free", svg);
        Assert.Contains("p99 latency", svg);
        using var bad = new BadInputCase();
        bad.AssertOneLineError(["sweep", "plot", dir.File("out"), "--x", "--rate", "-o", bad.Output("p")], "sweep plot: ", "a column of the sweep");
    }

    [Fact]
    public void Merge_refuses_missing_cases_unless_partial()
    {
        using var dir = new TempDir();
        string sweep = dir.Write("s.json", Small);
        Run("sweep", "run", sweep, "-o", dir.File("half"), "--shard", "0/2");
        using (var bad = new BadInputCase())
            bad.AssertOneLineError(["sweep", "merge", dir.File("half"), "-o", bad.Output("r.csv")], dir.File("half") + ": ", "all 7 cases, found 3 missing (indices 1, 3, 5)");
        Run("sweep", "merge", dir.File("half"), "-o", dir.File("partial.csv"), "--partial");
        Assert.Equal(5, File.ReadAllLines(dir.File("partial.csv")).Length);
    }

    [Fact]
    public void An_unknown_flag_on_an_axis_is_reported_at_its_line_before_any_case_runs()
    {
        using var bad = new BadInputCase();
        string sweep = bad.Write("s.json", Small.Replace("\"flag\": \"--routing\"", "\"flag\": \"--routng\""));
        bad.AssertOneLineError(["sweep", "run", sweep, "-o", bad.Output("out")], sweep + ":5: ", "a flag of simulate (see dlsim simulate --help), found \"--routng\"");
    }

    [Fact]
    public void An_axis_value_the_flag_refuses_is_reported_at_its_line_before_any_case_runs()
    {
        using var bad = new BadInputCase();
        string sweep = bad.Write("s.json", Small.Replace("\"round-robin\"]", "\"round-robn\"]"));
        string line = bad.AssertOneLineError(["sweep", "run", sweep, "-o", bad.Output("out")], sweep + ":6: ", "case 3 (--routing round-robn");
        Assert.Contains("expected earliest-free", line);
    }

    [Fact]
    public void An_output_that_cannot_be_written_is_refused_before_any_case_runs()
    {
        using var bad = new BadInputCase();
        string sweep = bad.Write("s.json", Small);
        bad.AssertOneLineError(["sweep", "run", sweep, "-o", sweep], "-o: ", "a folder path");
        bad.AssertOneLineError(["sweep", "merge", bad.Dir, "-o", bad.Dir], "-o: ", "a file path");
    }

    [Fact]
    public void A_shard_index_beyond_the_count_is_refused()
    {
        using var bad = new BadInputCase();
        string sweep = bad.Write("s.json", Small);
        bad.AssertOneLineError(["sweep", "run", sweep, "-o", bad.Output("out"), "--shard", "4/4"], "--shard: ", "a shard I/N with 0 ≤ I < N");
    }

    [Fact]
    public void A_folder_of_another_sweep_is_refused_and_left_untouched()
    {
        using var dir = new TempDir();
        Run("sweep", "run", dir.Write("a.json", Small), "-o", dir.File("out"), "--shard", "0/7");
        var before = Directory.GetFiles(dir.File("out"), "*", SearchOption.AllDirectories).Select(File.ReadAllBytes).ToArray();
        string other = dir.Write("b.json", Small.Replace("\"--duration\": 5", "\"--duration\": 6"));
        var (code, _, err) = CliRunner.Run("sweep", "run", other, "-o", dir.File("out"));
        Assert.Equal(2, code);
        Assert.Contains("expected a new folder or one holding this sweep's cases, found the cases of sweep \"small\"", err);
        Assert.Equal(before, Directory.GetFiles(dir.File("out"), "*", SearchOption.AllDirectories).Select(File.ReadAllBytes).ToArray());
    }

    [Theory]
    [InlineData("\"base\": { \"--json\": \"x.json\" }", 1, "no output flag")]
    [InlineData("\"axes\": [ { \"flag\": \"--routing\", \"values\": [] } ]", 1, "at least one value for the axis --routing")]
    [InlineData("\"axes\": [ { \"flag\": \"--routing\", \"values\": [ { \"a\": 1 } ] } ]", 1, "a value of --routing")]
    [InlineData("\"bases\": {}", 1, "only the fields name, base, axes, cases")]
    public void Sweep_file_problems_are_reported_at_their_line(string body, int line, string expected)
    {
        using var bad = new BadInputCase();
        string sweep = bad.Write("s.json", "{ " + body + " }");
        bad.AssertOneLineError(["sweep", "run", sweep, "-o", bad.Output("out")], $"{sweep}:{line}: ", expected);
    }

    [Fact]
    public void Array_job_variables_give_the_shard()
    {
        Assert.Equal(new SweepShard(2, 4), SweepShard.FromEnvironment(v => v switch { "SLURM_ARRAY_TASK_ID" => "2", "SLURM_ARRAY_TASK_COUNT" => "4", _ => null }, null));
        Assert.Equal(new SweepShard(3, 5), SweepShard.FromEnvironment(v => v == "JOB_COMPLETION_INDEX" ? "3" : null, 5));
        Assert.Null(SweepShard.FromEnvironment(_ => null, null));
        Assert.True(new SweepShard(1, 3).Takes(4) && !new SweepShard(1, 3).Takes(5));
    }

    /// <summary>One nullable-double column of a Parquet file (one row group).</summary>
    private static double?[] ReadDoubles(string path, string column) => Task.Run(async () =>
    {
        await using var reader = await Parquet.ParquetReader.CreateAsync(path);
        var field = reader.Schema.DataFields.Single(f => f.Name == column);
        var group = reader.RowGroups.Single();
        var values = new double?[group.RowCount];
        await group.ReadAsync<double>(field, values.AsMemory());
        return values;
    }).GetAwaiter().GetResult();

    private static (int Code, string Out, string Err) Run(params string[] args)
    {
        var result = CliRunner.Run(args);
        Assert.True(result.Code == 0, $"{string.Join(" ", args)}: exit {result.Code}: {result.Err}");
        return result;
    }
}
