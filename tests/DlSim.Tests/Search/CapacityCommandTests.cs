using System.Globalization;
using System.Text.Json;
using DlSim.Tests.BadInput;
using DlSim.Tests.Cli;
using Xunit;

namespace DlSim.Tests.Search;

/// <summary>
/// A case checkable by hand: one model of latency L on one GPU, deterministic arrivals at rate λ, no overhead, SLO 2L.
/// k replicas keep up exactly when k / L &gt; λ; below that the queue grows without bound and attainment collapses.
/// </summary>
public class CapacityCommandTests
{
    private const double LatencyS = 0.1;

    private static (string Profile, string Workload) Inputs(TempDir dir, double rateHz)
    {
        string profile = dir.File("m.json"), workload = dir.File("w.csv");
        Assert.Equal(0, CliRunner.Run("models", "synth", "--model", "M", "--latency", "0.1", "--weights", "1000000000", "--pp", "1", "--op", "1", "-o", profile).Code);
        Assert.Equal(0, CliRunner.Run("workload", "generate", "--process", "deterministic", "--rate", rateHz.ToString(CultureInfo.InvariantCulture),
            "--duration", "60", "--models", "1", "--proportions", "1", "--slos", "0.2", "-o", workload).Code);
        return (profile, workload);
    }

    [Theory]
    [InlineData(15.0, false)]
    [InlineData(25.0, false)]
    [InlineData(35.0, false)]
    [InlineData(25.0, true)]
    public void Fewest_gpus_is_the_smallest_replica_count_whose_service_rate_exceeds_the_arrival_rate(double rateHz, bool wholeNodes)
    {
        using var dir = new TempDir();
        var (profile, workload) = Inputs(dir, rateHz);
        string json = dir.File("c.json");
        string[] args = ["capacity", "-d", "2", "--profiles", profile, "-w", workload, "--models", "0=M", "--overhead", "0", "--max-gpus", "8",
            "--evaluations", "300", "--json", json, "--plot", dir.Path, .. wholeNodes ? new[] { "--whole-nodes" } : []];
        var (code, stdout, stderr) = CliRunner.Run(args);
        Assert.True(code == 0, stderr);
        int replicas = (int)Math.Floor(rateHz * LatencyS) + 1;
        int expected = wholeNodes ? (replicas + 1) / 2 * 2 : replicas;
        Assert.Contains($"fewest GPUs reaching 99.00 % attainment: {expected} ", stdout);
        using var doc = JsonDocument.Parse(File.ReadAllText(json));
        Assert.Equal(expected, doc.RootElement.GetProperty("answer").GetProperty("gpus").GetInt32());
        foreach (var p in doc.RootElement.GetProperty("points").EnumerateArray())
            Assert.Equal(p.GetProperty("gpus").GetInt32() >= replicas, p.GetProperty("attainment").GetDouble() >= 0.99);
        Assert.True(File.Exists(dir.File("capacity_curve.png")));
    }

    [Fact]
    public void Largest_rate_brackets_the_service_rate_of_the_cluster()
    {
        using var dir = new TempDir();
        var (profile, workload) = Inputs(dir, 25);
        string json = dir.File("c.json");
        var (code, _, stderr) = CliRunner.Run("capacity", "-d", "4", "--profiles", profile, "-w", workload, "--models", "0=M", "--overhead", "0",
            "--max-rate", "--evaluations", "200", "--json", json);
        Assert.True(code == 0, stderr);
        using var doc = JsonDocument.Parse(File.ReadAllText(json));
        double scale = doc.RootElement.GetProperty("answer").GetProperty("rate_scale").GetDouble();
        // 4 GPUs serve 40 requests/s: the scale of 25 requests/s that still keeps up is just below 1.6.
        Assert.InRange(scale, 1.6 * (1 - 0.02), 1.6);
        Assert.True(scale < 1.6);
    }

    [Theory]
    [InlineData("1.5", "--target: ", "an attainment in (0, 1]")]
    [InlineData("0", "--target: ", "an attainment in (0, 1]")]
    public void A_target_outside_zero_to_one_is_refused(string target, string prefix, string expected)
    {
        using var bad = new BadInputCase();
        string profile = bad.Input("m.json");
        Assert.Equal(0, CliRunner.Run("models", "synth", "--model", "M", "--latency", "0.1", "--weights", "1000000000", "--pp", "1", "--op", "1", "-o", profile).Code);
        bad.AssertOneLineError(["capacity", "--profiles", profile, "-w", SearchProblems.Sample("workload_8x8.csv"), "--models", "0-7=M",
            "--max-gpus", "4", "--target", target, "-o", bad.Output("p.json")], prefix, expected);
    }

    [Fact]
    public void Exactly_one_question_is_asked()
    {
        using var bad = new BadInputCase();
        bad.AssertOneLineError(["capacity", "-w", SearchProblems.Sample("workload_8x8.csv"), "--models", "0-7=Bert_2.6B"], "--max-gpus: ", "exactly one of");
    }
}
