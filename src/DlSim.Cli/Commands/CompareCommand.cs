using System.CommandLine;
using System.Globalization;
using DlSim.Analysis;
using DlSim.Cli.Output;
using DlSim.Io;
using DlSim.Runs;

using DlSim.Workloads;

namespace DlSim.Cli.Commands;

/// <summary>
/// <c>dlsim compare</c>: simulates a workload on a placement and measures how far every stage start and end
/// is from a real trace of the same workload (the original tool's "vs real" figures), plus latency side by side.
/// </summary>
public static class CompareCommand
{
    public static Command Build(CliContext context)
    {
        var scenario = new ScenarioOptions();
        var trace = new Option<string>("--trace", "-t")
        {
            Description = "Real cluster trace (JSON keyed by model id: rq_id, arrive, e2e_latency, stage_exec_info) recorded for the same workload and placement.",
            Required = true,
        };
        var json = new JsonOption();

        var command = new Command("compare",
            "Simulate a workload on a placement and compare every stage start and end with a real trace: mean/max absolute error, events over 10 ms, per-stage errors, latency sim vs real.");
        scenario.AddTo(command, workloadRequired: true, placementRequired: true);
        // Both are required here, so the shared descriptions' "Default: built-in ..." would mislead.
        scenario.Workload.Description = "Workload file (seed CSV) that the real trace recorded.";
        scenario.Placement.Description = "Placement file (seed JSON) the real trace ran on.";
        command.Options.Add(trace);
        command.Options.Add(json.Option);
        command.SetAction(parse =>
        {
            using var loaded = scenario.Load(parse);
            var workload = Workload.ReadAll(loaded.Requests);
            string tracePath = parse.GetValue(trace)!;
            // Read the trace before simulating: a bad trace should fail fast, and nothing is written on bad input.
            var real = ClusterTraceJson.Read(tracePath);
            var options = new SimulationOptions { Overhead = loaded.Overhead, RecordStageTimes = true };
            var simulated = Simulation.Run(loaded.Deployment, workload, options).StageTimes!;
            var report = TraceComparison.Compare(workload, simulated, real);

            json.Write(parse, context, stream => ComparisonJson.Write(report, stream));
            if (json.ToStdout(parse)) return DlSimCli.Ok;
            var w = context.Out;
            w.WriteLine($"{loaded.WorkloadSource} on {parse.GetValue(scenario.Placement)} vs {tracePath} (overhead {loaded.Overhead})");
            w.WriteLine();
            WriteTables(report, w);
            if (json.Requested(parse)) w.WriteLine($"results: {parse.GetValue(json.Option)}");
            return DlSimCli.Ok;
        });
        return command;
    }

    /// <summary>Overall figures, per-stage errors, latency sim vs real; times in ms.</summary>
    public static void WriteTables(ComparisonReport report, TextWriter w)
    {
        var overall = new TextTable("requests", "events", "mean_abs_err_ms", "max_abs_err_ms", "within_10ms", "events_over_10ms");
        overall.Add(Int(report.Requests), Int(report.Events), ReportTables.Ms(report.MeanAbsErrorS), ReportTables.Ms(report.MaxAbsErrorS),
            ReportTables.Percent(report.FractionWithin10Ms), Int(report.EventsOver10Ms));
        overall.WriteTo(w);
        w.WriteLine();
        var stages = new TextTable("stage", "requests", "start_mean_ms", "start_max_ms", "end_mean_ms", "end_max_ms");
        foreach (var s in report.Stages)
            stages.Add(Int(s.Stage), Int(s.Requests), ReportTables.Ms(s.StartMeanAbsErrorS), ReportTables.Ms(s.StartMaxAbsErrorS),
                ReportTables.Ms(s.EndMeanAbsErrorS), ReportTables.Ms(s.EndMaxAbsErrorS));
        stages.WriteTo(w);
        w.WriteLine();
        var l = report.Latency;
        var latency = new TextTable("latency", "sim_ms", "real_ms", "sim_minus_real_ms");
        latency.Add("mean", ReportTables.Ms(l.SimMeanS), ReportTables.Ms(l.RealMeanS), ReportTables.Ms(l.SimMeanS - l.RealMeanS));
        latency.Add("p99", ReportTables.Ms(l.SimP99S), ReportTables.Ms(l.RealP99S), ReportTables.Ms(l.SimP99S - l.RealP99S));
        latency.WriteTo(w);
    }

    private static string Int(long value) => value.ToString(CultureInfo.InvariantCulture);
}
