using System.Text.Json;
using DlSim.Cli;
using Xunit;

namespace DlSim.Tests.Cli;

/// <summary><c>dlsim bench</c> runs in-process and reports what it simulated. No timing assertions: machines are noisy.</summary>
public sealed class BenchCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("dlsim-bench-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Bench_with_json_file_reports_the_requests_and_a_positive_rate()
    {
        string path = Path.Combine(_dir, "bench.json");
        var stdout = new StringWriter();
        var stderr = new StringWriter();

        int code = DlSimCli.Run(["bench", "--requests", "20000", "--json", path], stdout, stderr);

        Assert.Equal(DlSimCli.Ok, code);
        Assert.Equal("", stderr.ToString());
        using var json = JsonDocument.Parse(File.ReadAllBytes(path));
        var root = json.RootElement;
        Assert.Equal(20000, root.GetProperty("requests").GetInt64());
        Assert.True(root.GetProperty("seconds").GetDouble() > 0);
        Assert.True(root.GetProperty("requests_per_second").GetDouble() > 0);
        Assert.Equal(40000, root.GetProperty("stage_runs").GetInt64());
        Assert.True(root.GetProperty("events_per_second").GetDouble() > 0);
        Assert.True(root.GetProperty("peak_working_set_bytes").GetInt64() > 0);
        var machine = root.GetProperty("machine");
        Assert.Equal(Environment.ProcessorCount, machine.GetProperty("logical_cores").GetInt32());
        Assert.False(string.IsNullOrWhiteSpace(machine.GetProperty("cpu").GetString()));
        Assert.StartsWith(".NET", machine.GetProperty("runtime").GetString());
        Assert.Contains("median of 1: 20,000 requests", stdout.ToString());
    }

    [Fact]
    public void Bench_repeat_reports_one_line_per_run_and_the_median()
    {
        var stdout = new StringWriter();
        int code = DlSimCli.Run(["bench", "--requests", "2000", "--repeat", "3"], stdout, new StringWriter());

        Assert.Equal(DlSimCli.Ok, code);
        var lines = stdout.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(6, lines.Length);
        Assert.Matches(@"^machine: .+, \d+ logical cores, .+, \.NET \d+", lines[0]);
        Assert.StartsWith("interop run 1/3: 2,000 requests in ", lines[1]);
        Assert.StartsWith("interop: 2 GPUs", lines[4]);
        Assert.StartsWith("median of 3: 2,000 requests in ", lines[5]);
    }

    [Fact]
    public void Bench_workload_has_exactly_the_requested_count_and_the_reference_rate()
    {
        var workload = DlSim.Bench.InteropBench.Workload(5000);

        Assert.Equal(5000, workload.Count);
        Assert.Equal(6.667, workload.Header.TotalRateHz);
        Assert.Equal(5000 / 6.667, workload.Header.DurationS);
    }

    [Fact]
    public void Bench_rejects_zero_requests_with_one_line_naming_the_flag()
    {
        var stderr = new StringWriter();
        int code = DlSimCli.Run(["bench", "--requests", "0"], new StringWriter(), stderr);

        Assert.Equal(DlSimCli.BadInput, code);
        Assert.StartsWith("dlsim: --requests: expected at least 1 request", stderr.ToString());
    }

    [Theory]
    [InlineData("interop", 2.0)]
    [InlineData("cluster1024", 0)]
    [InlineData("closed-loop", 2.0)]
    [InlineData("batching-slo", 0)]
    public void Every_scenario_runs_and_reports_requests_and_events(string scenario, double stagesPerRequest)
    {
        var stdout = new StringWriter();
        int code = DlSimCli.Run(["bench", "--scenario", scenario, "--requests", "5000", "--stream", "--warmup", "0", "--json"], stdout, new StringWriter());
        Assert.Equal(DlSimCli.Ok, code);
        using var json = JsonDocument.Parse(stdout.ToString());
        var root = json.RootElement;
        Assert.Equal(scenario, root.GetProperty("scenario").GetString());
        long requests = root.GetProperty("requests").GetInt64();
        Assert.InRange(requests, 3000, 7000);
        if (stagesPerRequest > 0) Assert.Equal((long)(stagesPerRequest * requests), root.GetProperty("stage_runs").GetInt64());
        Assert.True(root.GetProperty("stage_runs").GetInt64() > 0);
        Assert.True(root.GetProperty("streamed").GetBoolean());
    }

    [Fact]
    public void All_scenarios_run_in_one_process_with_their_cost_against_interop()
    {
        var stdout = new StringWriter();
        int code = DlSimCli.Run(["bench", "--scenario", "all", "--requests", "3000", "--warmup", "0", "--json"], stdout, new StringWriter());

        Assert.Equal(DlSimCli.Ok, code);
        using var json = JsonDocument.Parse(stdout.ToString());
        var scenarios = json.RootElement.GetProperty("scenarios").EnumerateArray().ToArray();
        Assert.Equal(["interop", "cluster1024", "closed-loop", "batching-slo"], scenarios.Select(s => s.GetProperty("scenario").GetString()));
        Assert.Equal(1.0, scenarios[0].GetProperty("cost_vs_interop").GetDouble());
        foreach (var s in scenarios)
        {
            double ns = s.GetProperty("ns_per_request").GetDouble();
            Assert.Equal(s.GetProperty("seconds").GetDouble() / s.GetProperty("requests").GetInt64() * 1e9, ns, 1e-6);
            Assert.Equal(ns / scenarios[0].GetProperty("ns_per_request").GetDouble(), s.GetProperty("cost_vs_interop").GetDouble(), 1e-12);
        }

        var table = new StringWriter();
        Assert.Equal(DlSimCli.Ok, DlSimCli.Run(["bench", "--scenario", "all", "--requests", "2000", "--warmup", "0"], table, new StringWriter()));
        Assert.Matches(@"(?m)^cluster1024\s+[\d.]+ M\s+[\d.]+\s+[\d.]+×", table.ToString());
    }

    [Fact]
    public void A_negative_warm_up_is_one_line_naming_the_flag()
    {
        var stderr = new StringWriter();
        Assert.Equal(DlSimCli.BadInput, DlSimCli.Run(["bench", "--warmup", "-1"], new StringWriter(), stderr));
        Assert.Equal("dlsim: --warmup: expected seconds from 0 to 600, found -1" + Environment.NewLine, stderr.ToString());
    }

    [Fact]
    public void An_unknown_scenario_is_one_line_naming_the_choices()
    {
        var stderr = new StringWriter();
        Assert.Equal(DlSimCli.BadInput, DlSimCli.Run(["bench", "--scenario", "huge"], new StringWriter(), stderr));
        Assert.Equal("dlsim: --scenario: expected interop, cluster1024, closed-loop, batching-slo, llm-azure or all, found \"huge\"" + Environment.NewLine, stderr.ToString());
    }
}
