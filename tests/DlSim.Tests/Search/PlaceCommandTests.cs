using System.Text.Json;
using DlSim.Tests.BadInput;
using DlSim.Tests.Cli;
using Xunit;

namespace DlSim.Tests.Search;

public class PlaceCommandTests
{
    private static string[] SampleArgs(params string[] extra) =>
    [
        "place", "-n", "1", "-d", "8", "-c", "16",
        .. SearchProblems.SampleProfiles.SelectMany(p => new[] { "--profiles", SearchProblems.Sample(p) }),
        "-w", SearchProblems.Sample("workload_8x8.csv"), "--models", "@" + SearchProblems.Sample("models_8.txt"), .. extra,
    ];

    private static string[] ProfileArgs => [.. SearchProblems.SampleProfiles.SelectMany(p => new[] { "--profiles", SearchProblems.Sample(p) })];

    /// <summary>The placement written passes placement check, and simulate on it reproduces the reported attainment and goodput exactly.</summary>
    [Theory]
    [InlineData("attainment")]
    [InlineData("goodput")]
    public void The_written_placement_checks_and_simulates_to_the_reported_objective(string objective)
    {
        using var dir = new TempDir();
        string placement = dir.File("p.json"), json = dir.File("r.json"), log = dir.File("log.csv");
        var (code, stdout, stderr) = CliRunner.Run(SampleArgs("--objective", objective, "--evaluations", "400", "-o", placement, "--json", json, "--search-log", log));
        Assert.True(code == 0, stderr);
        Assert.Contains("best " + objective, stdout);
        using var result = JsonDocument.Parse(File.ReadAllText(json));
        var root = result.RootElement;
        Assert.Equal(400, root.GetProperty("evaluations").GetInt64());
        Assert.Equal(401, File.ReadAllLines(log).Length);

        var check = CliRunner.Run(["placement", "check", placement, "-n", "1", "-d", "8", "-c", "16", .. ProfileArgs]);
        Assert.True(check.Code == 0, check.Err);

        string simJson = dir.File("s.json");
        var sim = CliRunner.Run(["simulate", "-n", "1", "-d", "8", "-c", "16", .. ProfileArgs, "-w", SearchProblems.Sample("workload_8x8.csv"), "-p", placement,
            "--service-map", root.GetProperty("service_map").GetString()!, "--json", simJson]);
        Assert.True(sim.Code == 0, sim.Err);
        using var simulated = JsonDocument.Parse(File.ReadAllText(simJson));
        var overall = simulated.RootElement.GetProperty("overall");
        Assert.Equal(root.GetProperty("attainment").GetDouble(), overall.GetProperty("attainment").GetDouble());
        Assert.Equal(root.GetProperty("goodput_rps").GetDouble(), overall.GetProperty("goodput_rps").GetDouble());
        Assert.Equal(root.GetProperty("objective_value").GetDouble(),
            overall.GetProperty(objective == "goodput" ? "goodput_rps" : "attainment").GetDouble());
    }

    [Fact]
    public void Progress_and_plot_are_written()
    {
        using var dir = new TempDir();
        var (code, stdout, stderr) = CliRunner.Run(SampleArgs("--algorithm", "mp-greedy", "--group-size", "2", "--plot", dir.Path, "--plot-format", "svg"));
        Assert.True(code == 0, stderr);
        Assert.Contains("search: mp-greedy", stdout);
        Assert.True(new FileInfo(dir.File("search_progress.svg")).Length > 1000);
    }

    [Fact]
    public void A_model_that_fits_no_group_is_refused_naming_it_and_its_need()
    {
        using var bad = new BadInputCase();
        string line = bad.AssertOneLineError(["place", "-n", "1", "-d", "1", "-c", "8", .. ProfileArgs, "-w", SearchProblems.Sample("workload_8x8.csv"),
            "--models", "0-1=BERT-1.3B,2=BERT-6.7B,3-7=BERT-1.3B"], "--models: ", "workload model 2 (BERT-6.7B) to fit on some GPU group");
        Assert.Contains("12.489 GB per GPU", line);
    }

    [Fact]
    public void A_workload_model_without_a_models_entry_is_refused()
    {
        using var bad = new BadInputCase();
        bad.AssertOneLineError(["place", .. ProfileArgs, "-w", SearchProblems.Sample("workload_8x8.csv"), "--models", "0-6=BERT-1.3B"],
            "--models: ", "a profile model for workload model 7 ");
    }

    [Fact]
    public void An_unknown_model_is_refused()
    {
        using var bad = new BadInputCase();
        bad.AssertOneLineError(["place", .. ProfileArgs, "-w", SearchProblems.Sample("workload_8x8.csv"), "--models", "0-7=BERT-9B"],
            "--models: ", "a model of the catalog");
    }

    [Fact]
    public void A_bad_line_of_a_models_file_is_named()
    {
        using var bad = new BadInputCase();
        string file = bad.Write("models.txt", "# models\n0-6=BERT-1.3B\n7:BERT-2.6B\n");
        bad.AssertOneLineError(["place", .. ProfileArgs, "-w", SearchProblems.Sample("workload_8x8.csv"), "--models", "@" + file],
            file + ":3: ", "ID=MODEL or FIRST-LAST=MODEL pairs");
    }

    [Fact]
    public void Exhaustive_search_of_a_large_problem_is_refused_at_once()
    {
        using var bad = new BadInputCase();
        bad.AssertOneLineError(SampleArgs("--algorithm", "exhaustive", "-o", bad.Output("p.json")), "--algorithm: ", "a problem of at most 200,000 candidates");
    }

    [Theory]
    [InlineData("--evaluations", "0", "a count > 0")]
    [InlineData("--budget", "-1", "seconds > 0")]
    [InlineData("--algorithm", "annealing", "local-search, sr-greedy")]
    public void Bad_search_limits_are_refused(string flag, string value, string expected)
    {
        using var bad = new BadInputCase();
        string placement = bad.Output("p.json");
        bad.AssertOneLineError(SampleArgs(flag, value, "-o", placement), flag + ": ", expected);
    }
}
