using System.Text.Json;
using System.Text.RegularExpressions;
using DlSim.Cli;
using DlSim.Tests.Parity;
using Xunit;
using static DlSim.Tests.Cli.CliRunner;

namespace DlSim.Tests.Analysis;

/// <summary><c>dlsim compare</c> run in-process: the same figures as the library, and bad input as one line per problem with exit 2.</summary>
public class CompareCommandTests
{
    private const double Tolerance = 1e-6;

    public static TheoryData<int> Rows() => TraceFiles.Rows();

    private static string[] CompareArgs(ParityCase c, string trace) =>
        ["compare", "-w", ReferenceData.Workload(c.Workload), "-p", ReferenceData.Placement(c.Placement), "-t", trace];

    [Theory]
    [MemberData(nameof(Rows))]
    public void Json_file_gives_the_original_tools_figures(int row)
    {
        var c = ParityCase.All[row];
        using var dir = new TempDir();
        string json = dir.File("cmp.json");

        var (code, stdout, stderr) = Run([.. CompareArgs(c, TraceFiles.TracePath(c)), "--json", json]);

        Assert.True(code == 0, stderr);
        Assert.Contains("events_over_10ms", stdout);
        Assert.Contains($"results: {json}", stdout);
        using var doc = JsonDocument.Parse(File.ReadAllText(json));
        var r = doc.RootElement;
        Assert.Equal(c.Requests, r.GetProperty("requests").GetInt32());
        Assert.Equal(c.MeanAbsError!.Value, r.GetProperty("mean_abs_error_s").GetDouble(), Tolerance);
        Assert.Equal(c.MaxAbsError!.Value, r.GetProperty("max_abs_error_s").GetDouble(), Tolerance);
        Assert.Equal(c.EventsOver10Ms!.Value, r.GetProperty("events_over_10ms").GetInt32());
        Assert.Equal(c.Mean, r.GetProperty("latency").GetProperty("sim_mean_s").GetDouble(), Tolerance);
        Assert.Equal(c.P99, r.GetProperty("latency").GetProperty("sim_p99_s").GetDouble(), Tolerance);
    }

    [Fact]
    public void Json_has_the_documented_fields_in_order()
    {
        var c = ParityCase.All[1];
        var (code, stdout, stderr) = Run([.. CompareArgs(c, TraceFiles.TracePath(c)), "--json"]);

        Assert.True(code == 0, stderr);
        using var doc = JsonDocument.Parse(stdout);
        var r = doc.RootElement;
        Assert.Equal(["requests", "events", "mean_abs_error_s", "max_abs_error_s", "fraction_within_10ms", "events_over_10ms", "stages", "latency", "latency_distribution", "worst_events"],
            r.EnumerateObject().Select(p => p.Name));
        Assert.Equal(["stage", "start_mean_abs_error_s", "start_max_abs_error_s", "end_mean_abs_error_s", "end_max_abs_error_s"],
            r.GetProperty("stages")[0].EnumerateObject().Select(p => p.Name));
        Assert.Equal(["sim_mean_s", "real_mean_s", "sim_p99_s", "real_p99_s"], r.GetProperty("latency").EnumerateObject().Select(p => p.Name));
        Assert.Equal(["request", "model", "stage", "event", "simulated_s", "real_s", "error_s"],
            r.GetProperty("worst_events")[0].EnumerateObject().Select(p => p.Name));
        Assert.Equal(2, r.GetProperty("stages").GetArrayLength());
        Assert.Equal(572, r.GetProperty("events").GetInt32());
    }

    [Fact]
    public void Table_shows_overall_per_stage_and_latency_figures()
    {
        var c = ParityCase.All[3];
        var (code, stdout, _) = Run(CompareArgs(c, TraceFiles.TracePath(c)));

        Assert.Equal(DlSimCli.Ok, code);
        Assert.Matches(@"(?m)^1799\s+7196\s+0\.676\s+16\.704\s+99\.89 %\s+8$", stdout);
        Assert.Matches(@"(?m)^1\s+1799\s", stdout);
        Assert.Matches(@"(?m)^mean\s+23\.802\s+\d+\.\d{3}\s", stdout);
    }

    [Fact]
    public void Mismatched_request_ids_are_one_line_naming_the_trace_and_line_and_leave_no_output()
    {
        var c = ParityCase.All[0];
        using var dir = new TempDir();
        string trace = TraceFiles.Edited(c, dir, "dropped.json", root => TraceFiles.DropEntry(root, "0", 3));
        string json = dir.File("out.json");

        var (code, stdout, stderr) = Run([.. CompareArgs(c, trace), "--json", json]);

        Assert.Equal(DlSimCli.BadInput, code);
        var line = Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith($"dlsim: {trace}:{TraceFiles.LineOf(trace, "\"rq_id\"")}: expected", line);
        Assert.Empty(stdout);
        Assert.Equal(["dropped.json"], Directory.GetFiles(dir.Path).Select(Path.GetFileName));
    }

    [Fact]
    public void An_unknown_id_is_reported_with_its_own_line()
    {
        var c = ParityCase.All[4];
        using var dir = new TempDir();
        string trace = TraceFiles.Edited(c, dir, "unknown.json", root => root["1"]!["rq_id"]![7] = 5000);

        var (code, _, stderr) = Run(CompareArgs(c, trace));

        Assert.Equal(DlSimCli.BadInput, code);
        var lines = stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.All(lines, l => Assert.Matches($@"^dlsim: {Regex.Escape(trace)}:\d+: expected ", l));
        Assert.Contains(lines, l => l.Contains("(0 to 1798) in rq_id of model 1, found 5000"));
    }

    [Fact]
    public void A_nonexistent_trace_is_bad_input_and_writes_nothing()
    {
        var c = ParityCase.All[0];
        using var dir = new TempDir();
        string trace = dir.File("no-such-trace.json");
        string json = dir.File("out.json");

        var (code, _, stderr) = Run([.. CompareArgs(c, trace), "--json", json]);

        Assert.Equal(DlSimCli.BadInput, code);
        Assert.StartsWith($"dlsim: {trace}: expected an existing file", stderr);
        Assert.Empty(Directory.GetFiles(dir.Path));
    }

    [Fact]
    public void Workload_placement_and_trace_are_required()
    {
        var (code, _, stderr) = Run("compare", "-t", "x.json");
        Assert.Equal(DlSimCli.BadInput, code);
        Assert.Contains("--workload", stderr);
        Assert.Contains("--placement", stderr);

        (code, _, stderr) = Run("compare", "-w", "w.csv", "-p", "p.json");
        Assert.Equal(DlSimCli.BadInput, code);
        Assert.Contains("--trace", stderr);
    }

    [Fact]
    public void Help_documents_every_flag()
    {
        var (code, stdout, _) = Run("compare", "--help");
        Assert.Equal(DlSimCli.Ok, code);
        foreach (string flag in new[] { "--workload", "--placement", "--trace", "--num_nodes", "--num_devices_per_node", "--memory_capacity", "--service-map", "--overhead", "--json" })
            Assert.Contains(flag, stdout);
    }
}
