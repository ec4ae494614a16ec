using System.Diagnostics;
using DlSim.Tests.Cli;
using Xunit;

namespace DlSim.Tests.Io;

/// <summary>
/// Every kind of seed-format file DLSIM writes — workloads from generate, replay, merge, slice and scale, placements
/// from place and capacity — loads in the original tool: checked against its loading rules written out on their own
/// (<see cref="OriginalToolRules"/>) and, where python3 is installed, by Python itself applying the same rules with its
/// own csv, int, float, json and sum (no eval).
/// </summary>
public class OriginalToolFilesTests
{
    private static readonly string Workloads = Path.Combine(ReferenceData.Root, "workloads");

    /// <summary>Workload commands (with -o FILE appended), one per kind of header DLSIM computes.</summary>
    public static readonly TheoryData<string, string[]> WorkloadCommands = new()
    {
        { "generate_default", ["workload", "generate"] },
        { "generate_requests_poisson", ["workload", "generate", "--requests", "100"] },
        { "generate_one_request", ["workload", "generate", "--requests", "1"] },
        { "generate_requests_mmpp", ["workload", "generate", "--process", "mmpp", "--mmpp", "5,50,9,1", "--rates", "0=6,1=3", "--requests", "1000"] },
        { "generate_requests_schedule", ["workload", "generate", "--process", "gamma", "--cv", "3", "--schedule", "0:50,10:0", "--requests", "100000"] },
        { "generate_ten_equal_models", ["workload", "generate", "--models", "10", "--duration", "10"] },
        { "generate_spread", ["workload", "generate", "--process", "gamma", "--cv", "3", "--models", "8", "--spread", "powerlaw:1", "--schedule", "0:50,60:200,120:20", "--duration", "180"] },
        { "generate_proportions", ["workload", "generate", "--rate", "20", "--proportions", "0.1,0.2,0.3,0.4", "--slos", "0.1", "--duration", "30"] },
        { "replay_azure2019", ["workload", "replay", "azure2019", Sample("azure2019_d01_sample.csv"), "--window", "0:360", "--map", "top:3", "--slos", "0.1,0.2,0.3", "--seed", "1"] },
        { "replay_azure2021", ["workload", "replay", "azure2021", Sample("azure2021_sample.csv"), "--window", "600:3000", "--models", "2", "--time-factor", "0.1"] },
        { "merge_offset", ["workload", "merge", Reference("test_workload_8to2_30Hz_60s.csv"), Reference("test_workload_8to2_10Hz_20s.csv"), Reference("test_workload_8to2_6.667Hz_20s.csv")] },
        { "merge_shared", ["workload", "merge", "--model-ids", "shared", Reference("test_workload_8to2_30Hz_60s.csv"), Reference("test_workload_8to2_10Hz_20s.csv"), Reference("test_workload_8to2_6.667Hz_20s.csv")] },
        { "slice_shift", ["workload", "slice", Reference("test_workload_8to2_30Hz_60s.csv"), "--from", "10", "--to", "40", "--shift"] },
        { "slice_open_end", ["workload", "slice", Reference("test_workload_8to2_30Hz_60s.csv"), "--from", "30"] },
        { "scale_rate", ["workload", "scale", Reference("test_workload_8to2_30Hz_60s.csv"), "--rate-factor", "0.3", "--seed", "3"] },
        { "scale_time", ["workload", "scale", Reference("test_workload_8to2_30Hz_60s.csv"), "--time-factor", "3"] },
    };

    [Theory]
    [MemberData(nameof(WorkloadCommands))]
    public void A_written_workload_loads_in_the_original_tool(string name, string[] command)
    {
        using var dir = new TempDir();
        string file = dir.File(name + ".csv");
        var (code, _, err) = CliRunner.Run([.. command, "-o", file]);
        Assert.True(code == 0, err);
        Assert.Empty(OriginalToolRules.WorkloadProblems(file));
        AssertPythonLoads(file, "workload");
    }

    [Fact]
    public void A_slice_of_a_workload_generated_by_request_count_loads_in_the_original_tool()
    {
        using var dir = new TempDir();
        Assert.Equal(0, CliRunner.Run("workload", "generate", "--requests", "50", "-o", dir.File("n.csv")).Code);
        Assert.Equal(0, CliRunner.Run("workload", "slice", dir.File("n.csv"), "--from", "1", "--shift", "-o", dir.File("s.csv")).Code);
        Assert.Empty(OriginalToolRules.WorkloadProblems(dir.File("s.csv")));
    }

    [Fact]
    public void Placements_from_place_and_capacity_load_in_the_original_tool()
    {
        using var dir = new TempDir();
        string workload = Reference("test_workload_8to2_6.667Hz_20s.csv");
        var place = CliRunner.Run("place", "-n", "1", "-d", "4", "-w", workload, "--models", "0-1=Bert_2.6B", "--evaluations", "200", "--threads", "1", "-o", dir.File("place.json"));
        Assert.True(place.Code == 0, place.Err);
        Assert.Empty(OriginalToolRules.PlacementProblems(dir.File("place.json"), nodes: 1, gpusPerNode: 4));
        AssertPythonLoads(dir.File("place.json"), "placement", "1", "4");

        var capacity = CliRunner.Run("capacity", "-d", "2", "-w", workload, "--models", "0-1=Bert_125M", "--max-gpus", "4", "--target", "0.9",
            "--evaluations", "50", "--threads", "1", "-o", dir.File("capacity.json"));
        Assert.True(capacity.Code == 0, capacity.Err);
        Assert.Empty(OriginalToolRules.PlacementProblems(dir.File("capacity.json"), nodes: 2, gpusPerNode: 2));
        AssertPythonLoads(dir.File("capacity.json"), "placement", "2", "2");
    }

    /// <summary>The checker is not a rubber stamp: files breaking each workload rule are reported under that rule.</summary>
    [Theory]
    [InlineData("2,10.0,\"[0.8, 0.2]\",0,\"[0.25, 0.25]\",w\r\n0,0.0\r\n", "W5")]
    [InlineData("10,10.0,\"[0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1]\",1.0,\"[1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0]\",w\r\n0,0.0\r\n", "W4")]
    [InlineData("2,0.0,\"[0.8, 0.2]\",20.0,\"[0.25, 0.25]\",w\r\n0,0.0\r\n", "W3")]
    [InlineData("2.0,10.0,\"[0.8, 0.2]\",20.0,\"[0.25, 0.25]\",w\r\n0,0.0\r\n", "W2")]
    [InlineData("2,10.0,\"[0.8, 0.2]\",20.0,\"[0.25]\",w\r\n0,0.0\r\n", "W6")]
    [InlineData("2,10.0,\"[0.8, 0.2]\",20.0,\"[0.25, 0.25]\",w\r\n0,0.0\r\n\r\n", "W7")]
    [InlineData("2,10.0,\"[0.8, 0.2]\",20.0,\"[0.25, 0.25]\",w\r\n2,0.0\r\n", "W8")]
    [InlineData("2,10.0,\"[0.8, 0.2]\",20.0,\"[0.25, 0.25]\",w\r\n0,1.0\r\n1,0.5\r\n", "W9")]
    [InlineData("2,10.0,\"[0.8, 0.2]\",20.0,\"[0.25, 0.25]\"\r\n0,0.0\r\n", "W1")]
    public void The_checker_reports_a_broken_workload_rule(string text, string rule)
    {
        using var dir = new TempDir();
        string file = dir.Write("bad.csv", text);
        Assert.Contains(OriginalToolRules.WorkloadProblems(file), p => p.StartsWith(rule + ":", StringComparison.Ordinal));
        AssertPythonRefuses(file, "workload");
    }

    [Theory]
    [InlineData("""[{"service_name": "s", "model_name": "Bert_2.6B", "executable_name": "Bert_2.6B_1_device", "mesh_group": [{"node_ids": [0], "devices": [[2]]}]}]""", "P4")]
    [InlineData("""[{"service_name": "s", "model_name": "Bert_1.3B", "executable_name": "Bert_1.3B_1_device", "mesh_group": [{"node_ids": [0], "devices": [[0]]}]}]""", "P5")]
    [InlineData("""[{"service_name": "s", "model_name": "Bert_2.6B", "executable_name": "Bert_2.6B_2_device_intra", "mesh_group": [{"node_ids": [0], "devices": [[0]]}]}]""", "P5")]
    [InlineData("""[{"service_name": "s", "model_name": "Bert_2.6B", "executable_name": "Bert_2.6B_1_device", "mesh_group": [{"node_ids": [0], "devices": []}]}]""", "P3")]
    [InlineData("""[{"model_name": "Bert_2.6B", "executable_name": "Bert_2.6B_1_device", "mesh_group": []}]""", "P2")]
    [InlineData("""{"service_name": "s"}""", "P1")]
    public void The_checker_reports_a_broken_placement_rule(string json, string rule)
    {
        using var dir = new TempDir();
        string file = dir.Write("bad.json", json);
        Assert.Contains(OriginalToolRules.PlacementProblems(file, nodes: 1, gpusPerNode: 2), p => p.StartsWith(rule + ":", StringComparison.Ordinal));
        AssertPythonRefuses(file, "placement", "1", "2");
    }

    private static string Reference(string name) => Path.Combine(Workloads, name);

    private static string Sample(string name) => Path.Combine(RepositoryRoot.Path, "samples", name);

    private static void AssertPythonLoads(string file, params string[] kind)
    {
        if (RunPython(file, kind) is { } r) Assert.True(r.Code == 0, $"python3 refuses {file}: {r.Output}");
    }

    private static void AssertPythonRefuses(string file, params string[] kind)
    {
        if (RunPython(file, kind) is { } r) Assert.True(r.Code == 1, $"python3 loads {file} (exit {r.Code}): {r.Output}");
    }

    /// <summary>Null when python3 is not installed (the C# checker still ran).</summary>
    private static (int Code, string Output)? RunPython(string file, string[] kind)
    {
        string script = Path.Combine(RepositoryRoot.Path, "tests", "DlSim.Tests", "Io", "original_tool_rules.py");
        var start = new ProcessStartInfo("python3", [script, .. kind, file]) { RedirectStandardOutput = true, RedirectStandardError = true };
        Process? p;
        try { p = Process.Start(start); }
        catch (System.ComponentModel.Win32Exception) { return null; }
        using (p)
        {
            var stderr = p!.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
            string stdout = p.StandardOutput.ReadToEnd();
            p.WaitForExit();
            return (p.ExitCode, stdout + stderr.Result);
        }
    }
}
