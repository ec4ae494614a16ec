using Xunit;
using DlSim.Cli;
using DlSim.Cluster;
using DlSim.Formats.Calibration;
using DlSim.Foundation;
using DlSim.Metrics;
using DlSim.Model;
using DlSim.Placement;

namespace DlSim.Tests.BadInput;

/// <summary>Counts and sizes beyond their documented limit are refused with the limit named (exit 2, one line,
/// nothing written), before they can exhaust memory, hang or overflow; sums of sizes saturate instead of wrapping.</summary>
public sealed class LimitBadInputTests : IDisposable
{
    private readonly BadInputCase _case = new();

    public void Dispose() => _case.Dispose();

    [Theory]
    [InlineData(new[] { "simulate", "--closed-loop", "0=1000000000" }, "--closed-loop: ", "MODEL=CLIENTS[,think=SECONDS][,dist=exp|const][,slo=SECONDS] with from 1 to 1000000 clients (the limit)")]
    [InlineData(new[] { "simulate", "--closed_loop", "0=600000", "--closed_loop", "1=600000" }, "--closed_loop: ", "at most 1000000 clients in all (the limit), found 1200000")]
    [InlineData(new[] { "simulate", "--utilization-bin", "1e-9" }, "--utilization-bin: ", "at most 100000 bins (the limit)")]
    [InlineData(new[] { "simulate", "-n", "100000", "-d", "100000" }, "-n: ", "at most 1048575 GPUs in all (the limit), found 10000000000")]
    [InlineData(new[] { "simulate", "--memory-capacity", "1e300" }, "--memory-capacity: ", "a capacity in GB above 0 and at most 1048576 (the limit)")]
    [InlineData(new[] { "simulate", "--max-batch", "100000000" }, "--max-batch: ", "a batch size from 1 to 65536 (the limit)")]
    [InlineData(new[] { "models", "synth", "--model", "m", "--latency", "0.1", "--weights", "1000", "--pp", "100000000" }, "--pp: ", "whole numbers from 1 to 1024 (the limit)")]
    [InlineData(new[] { "models", "synth", "--model", "m", "--latency", "0.1", "--weights", "9000000000000000000" }, "--weights: ", "a number of bytes from 0 to 1125899906842624 (the limit)")]
    [InlineData(new[] { "models", "synth", "--model", "m", "--latency", "0.1", "--weights", "1", "--stage-overhead", "Infinity" }, "--stage-overhead: ", "a finite number ≥ 0")]
    [InlineData(new[] { "workload", "generate", "--requests", "1e18" }, "--requests: ", "a whole number of requests from 1 to 2147483647 (the limit)")]
    [InlineData(new[] { "workload", "generate", "--duration", "1e300" }, "--duration: ", "a positive duration in seconds, at most 1e12 (the limit)")]
    [InlineData(new[] { "workload", "generate", "--duration", "1e11", "--rate", "1000" }, "--duration: ", "at most 2147483647 requests (the limit)")]
    public void Count_flags_over_their_limit(string[] args, string prefix, string expected)
    {
        bool writes = args[0] is "models" or "workload";
        string[] all = writes ? [.. args, "-o", _case.Output("out")] : [.. args, "--json", _case.Output("out.json")];
        _case.AssertOneLineError(all, prefix, expected);
    }

    [Fact]
    public void Time_factor_that_would_give_infinite_arrivals_keeps_the_existing_file()
    {
        string path = _case.Write("w.csv", "2,10,\"[0.8, 0.2]\",2,\"[0.25, 0.25]\",w\n0,0.0\n0,1.5\n");
        string before = File.ReadAllText(path);
        _case.AssertOneLineError(["workload", "scale", path, "--time-factor", "1e307", "-o", path], "--time-factor: ", "a factor from 1e-9 to 1e9 (the limits)");
        Assert.Equal(before, File.ReadAllText(path));
    }

    [Fact]
    public void Models_import_refuses_degrees_that_would_overflow_the_gpu_count()
    {
        const string head = "ModelName\tBS\t#Microbatch\tDP\tOP\tPP\t#GPU\tMeanTime(s)\tStdTime(s)\tTFLOPs\tStageWeights(B)\tStagePeakMem(B)\tStageLatencies(s)\n";
        string path = _case.Write("table.tsv", head + "m\t1\t1\t65537\t65537\t1\t131073\t0.1\t0\t1\t[1.0]\t[2.0]\t[0.1]\n");
        _case.AssertOneLineError(["models", "import", path, "-o", _case.Output("p.json")], path + ":2: ", "DP a whole number from 1 to 1024 (the limit), found \"65537\"");
    }

    [Fact]
    public void Models_import_refuses_sizes_over_the_byte_limit()
    {
        const string head = "ModelName\tBS\t#Microbatch\tDP\tOP\tPP\t#GPU\tMeanTime(s)\tStdTime(s)\tTFLOPs\tStageWeights(B)\tStagePeakMem(B)\tStageLatencies(s)\n";
        string path = _case.Write("table.tsv", head + "m\t1\t1\t1\t8\t1\t8\t0.1\t0\t1\t[1e30]\t[2e30]\t[0.1]\n");
        _case.AssertOneLineError(["models", "import", path, "-o", _case.Output("p.json")], path + ":2: ", "stage peak memory × GPUs at most 1125899906842624 bytes (the limit)");
    }

    [Fact]
    public void Profile_weights_over_the_byte_limit_are_refused_at_their_line()
    {
        string profile = _case.Write("p.json", """
            {"models": [{"name": "huge", "executables": [{"name": "huge_1", "stages": [
              {"mesh": [1, 1], "weight_bytes": 9223372036854775807,
               "batches": [{"batch_size": 1, "latency_s": 0.1, "activation_bytes": 0}]}]}]}]}
            """);
        _case.AssertOneLineError(["models", "list", "--profiles", profile], profile + ":2: ", "weight_bytes a whole number from 0 to 1125899906842624 (the limit)");
    }

    [Fact]
    public void Memory_sums_saturate_and_never_fit()
    {
        var m = new GpuMemory(0, 0, long.MaxValue - 10, 1000, 16L << 30, 3, 1);
        Assert.Equal(long.MaxValue, m.UsedBytes);
        Assert.False(m.Fits);
    }

    [Fact]
    public void Many_replicas_of_the_largest_weights_on_one_gpu_do_not_fit()
    {
        var stage = new StageSpec(new MeshShape(1, 1), [new BatchPoint(1, 0.1)], Limits.MaxBytes);
        var huge = new Executable("huge", "huge_1", [stage]);
        var catalog = new ModelCatalog([huge]);
        var replicas = Enumerable.Range(0, 9000).Select(i => new ReplicaSpec("s", "huge", "huge_1", [SubMesh.Single(0, 0)])).ToList();
        var d = Deployment.Resolve(new ClusterSpec(1, 1, 16), catalog, new PlacementSpec(replicas), new ServiceMap(new Dictionary<int, string>()), 0);
        var gpu = MemoryCheck.Check(d)[0];
        Assert.False(gpu.Fits);
        Assert.True(gpu.UsedBytes > 0);
    }

    [Fact]
    public void Infinite_or_nan_results_are_found_but_a_model_without_requests_is_not_one()
    {
        var empty = new DlSim.Metrics.LatencySummary(0, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN);
        var fine = new DlSim.Metrics.LatencySummary(2, 0.1, 0.1, 0.1, 0.1, 0.1, 1);
        var broken = fine with { MeanS = double.PositiveInfinity };
        DlSim.Metrics.SimulationReport Report(DlSim.Metrics.LatencySummary model0) =>
            new(2, fine, [new(0, "a", model0, 1), new(1, "b", empty, 0)], [new(0, 0, 0.2, 0.5)], 0.4, 5);

        Assert.Null(DlSim.Metrics.ReportChecks.FirstNonFinite(Report(fine)));
        Assert.Equal("the mean latency of model 0 (Infinity)", DlSim.Metrics.ReportChecks.FirstNonFinite(Report(broken)));
    }

    [Fact]
    public void A_calibration_spread_beyond_its_limit_is_refused_at_its_line()
    {
        string path = _case.Write("cal.json", "{\n  \"profile_bias_sigma\": 1e300\n}\n");
        var e = Assert.Throws<InputException>(() => CalibrationJson.Read(path));
        Assert.Contains(e.Errors, x => x.Line == 2 && x.Message.Contains("a spread from 0 to 5 (the limit)"));
    }
}
