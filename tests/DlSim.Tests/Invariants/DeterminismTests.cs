using DlSim.Cli;
using Xunit;

namespace DlSim.Tests.Invariants;

/// <summary>INVARIANTS.md 5: same inputs and seed → byte-identical outputs.</summary>
public class DeterminismTests
{
    private static (int Code, string Out) Cli(params string[] args)
    {
        var stdout = new StringWriter();
        int code = DlSimCli.Run(args, stdout, new StringWriter());
        return (code, stdout.ToString());
    }

    [Fact]
    public void I5_simulate_twice_gives_identical_json_and_trace()
    {
        using var dir = new TempDir();
        string w = ReferenceData.Workload("test_workload_8to2_30Hz_60s"), p = ReferenceData.Placement("placement_125M_interop");
        for (int i = 0; i < 2; i++)
            Assert.Equal(0, Cli("simulate", "-w", w, "-p", p, "--json", dir.File($"r{i}.json"), "--trace-out", dir.File($"t{i}.json")).Code);
        Assert.Equal(File.ReadAllBytes(dir.File("r0.json")), File.ReadAllBytes(dir.File("r1.json")));
        Assert.Equal(File.ReadAllBytes(dir.File("t0.json")), File.ReadAllBytes(dir.File("t1.json")));
    }

    [Fact]
    public void I5_the_same_seed_generates_the_same_file_and_another_seed_does_not()
    {
        using var dir = new TempDir();
        Assert.Equal(0, Cli("workload", "generate", "--rate", "25", "--seed", "7", "-o", dir.File("a.csv")).Code);
        Assert.Equal(0, Cli("workload", "generate", "--rate", "25", "--seed", "7", "-o", dir.File("b.csv")).Code);
        Assert.Equal(0, Cli("workload", "generate", "--rate", "25", "--seed", "8", "-o", dir.File("c.csv")).Code);
        Assert.Equal(File.ReadAllBytes(dir.File("a.csv")), File.ReadAllBytes(dir.File("b.csv")));
        Assert.NotEqual(File.ReadAllBytes(dir.File("a.csv")), File.ReadAllBytes(dir.File("c.csv")));
    }

    [Theory]
    [InlineData("--process", "gamma", "--cv", "2.5", "--models", "5", "--spread", "powerlaw:1")]
    [InlineData("--process", "mmpp", "--rates", "0=10,1=20")]
    [InlineData("--process", "weibull", "--shape", "0.6", "--schedule", "0:10,5:40")]
    public void I5_every_arrival_process_generates_the_same_file_for_the_same_seed(params string[] flags)
    {
        using var dir = new TempDir();
        foreach (var (file, seed) in new[] { ("a.csv", "3"), ("b.csv", "3"), ("c.csv", "4") })
            Assert.Equal(0, Cli(["workload", "generate", .. flags, "--duration", "10", "--seed", seed, "-o", dir.File(file)]).Code);
        Assert.Equal(File.ReadAllBytes(dir.File("a.csv")), File.ReadAllBytes(dir.File("b.csv")));
        Assert.NotEqual(File.ReadAllBytes(dir.File("a.csv")), File.ReadAllBytes(dir.File("c.csv")));
    }

    [Fact]
    public void I5_the_default_scenario_prints_the_same_table_every_time()
    {
        var first = Cli("simulate");
        var second = Cli("simulate");
        Assert.Equal(0, first.Code);
        Assert.Equal(first.Out, second.Out);
    }
}
