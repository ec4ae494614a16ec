using DlSim.Tests.Analysis;
using DlSim.Tests.Cli;
using DlSim.Tests.Llm;
using DlSim.Tests.Parity;
using DlSim.Tests.Search;
using Xunit;

namespace DlSim.Tests.Reports;

/// <summary>Runs each command that writes an HTML report, on small inputs, and returns the report's path.</summary>
public static class ReportRuns
{
    public const string Simulate = "simulate", Compare = "compare", Place = "place", Sweep = "sweep", LlmSimulate = "llm-simulate", LlmCompare = "llm-compare";

    public static readonly string[] Commands = [Simulate, Compare, Place, Sweep, LlmSimulate, LlmCompare];

    /// <summary>The figure ids each command's report holds.</summary>
    public static string[] FigureIds(string command) => command switch
    {
        Simulate => ["latency-cdf", "latency-over-time", "utilization", "queue", "gantt"],
        Compare => ["latency-sim-vs-real", "error-over-time"],
        Place => ["groups", "search-progress"],
        Sweep => ["sweep"],
        LlmSimulate or LlmCompare => ["ttft-cdf", "tpot-cdf", "requests-over-time", "kv-over-time"],
        _ => throw new ArgumentOutOfRangeException(nameof(command)),
    };

    /// <summary>A sweep of 2 routers × 2 client counts on the default placement.</summary>
    private const string SmallSweep = """
        {
          "name": "report",
          "base": { "--duration": 4, "--overhead": "0" },
          "axes": [
            { "flag": "--routing", "values": ["earliest-free", "round-robin"] },
            { "flag": "--closed-loop", "values": ["0=1", "0=3"] }
          ]
        }
        """;

    public static string Write(string command, TempDir dir, params string[] extra)
    {
        string report = dir.File(command + ".html");
        string[] args = command switch
        {
            Simulate => ["simulate", "--report", report, .. extra],
            Compare => CompareArgs(report, extra),
            Place => ["place", "-n", "1", "-d", "8", "-c", "16",
                .. SearchProblems.SampleProfiles.SelectMany(p => new[] { "--profiles", SearchProblems.Sample(p) }),
                "-w", SearchProblems.Sample("workload_8x8.csv"), "--models", "@" + SearchProblems.Sample("models_8.txt"),
                "--evaluations", "200", "--threads", "1", "--report", report, .. extra],
            Sweep => SweepArgs(dir, report, extra),
            LlmSimulate => ["llm", "simulate", "--model", LlmTestData.ModelPath, "--profiles", LlmTestData.ProfileFolder("RTX4090"),
                "-w", Path.Combine(LlmTestData.Root, "workloads", "sharegpt-llama-3.1-8b-300-sps10.jsonl"), "--kv-blocks", "2588", "--replicas", "2", "--report", report, .. extra],
            LlmCompare => ["llm", "compare", "--model", LlmTestData.ModelPath, "--profiles", LlmTestData.ProfileFolder("RTXPRO6000"),
                "--real", LlmTestData.RunFolder("RTXPRO6000"), "--kv-blocks", "33540", "--report", report, .. extra],
            _ => throw new ArgumentOutOfRangeException(nameof(command)),
        };
        var (code, stdout, stderr) = CliRunner.Run(args);
        Assert.True(code == 0, $"dlsim {string.Join(" ", args)} exited {code}: {stderr}");
        Assert.Contains($"report: {report}", stdout);
        return report;
    }

    private static string[] CompareArgs(string report, string[] extra)
    {
        var c = ParityCase.All[1];
        return ["compare", "-w", ReferenceData.Workload(c.Workload), "-p", ReferenceData.Placement(c.Placement), "-t", TraceFiles.TracePath(c), "--report", report, .. extra];
    }

    private static string[] SweepArgs(TempDir dir, string report, string[] extra)
    {
        var (code, _, stderr) = CliRunner.Run("sweep", "run", dir.Write("sweep.json", SmallSweep), "-o", dir.File("sweep-out"), "--jobs", "1");
        Assert.True(code == 0, stderr);
        return ["sweep", "plot", dir.File("sweep-out"), "--x", "--closed-loop", "--series", "routing", "--report", report, .. extra];
    }
}
