using System.CommandLine;
using System.Globalization;
using DlSim.Cli.Output;
using DlSim.Metrics;
using DlSim.Runs;

namespace DlSim.Cli.Commands;

/// <summary><c>dlsim simulate</c>: the seed's simulator.py, flag for flag, plus JSON output and a trace path.</summary>
public static class SimulateCommand
{
    public static Command Build(CliContext context)
    {
        var scenario = new ScenarioOptions();
        var name = new Option<string>("--name")
        { Description = "Simulation name; the Chrome trace goes to chrome_trace/NAME.json.", DefaultValueFactory = _ => "default" };
        var chromeTrace = new Option<bool>("--chrome_trace", "--chrome-trace")
        { Description = "Write a Chrome/Perfetto trace (one slice per request × stage × GPU) to chrome_trace/NAME.json." };
        var traceOut = new Option<string?>("--trace-out", "--trace_out")
        { Description = "Write the Chrome trace to this path instead (implies --chrome_trace)." };
        var json = new JsonOption();

        var command = new Command("simulate", "Simulate a workload on a placement and report latency, SLO attainment and GPU utilisation.");
        scenario.AddTo(command);
        var closedLoop = new ClosedLoopOptions();
        closedLoop.AddTo(command);
        var policy = new PolicyOptions();
        policy.AddTo(command);
        var trim = new Option<double>("--trim")
        { Description = "Leave requests arriving in the first and last SECONDS of the workload's duration out of the figures (warm-up, cool-down).", DefaultValueFactory = _ => 0 };
        command.Options.Add(trim);
        command.Options.Add(name);
        command.Options.Add(chromeTrace);
        command.Options.Add(traceOut);
        command.Options.Add(json.Option);
        command.SetAction(parse =>
        {
            string simName = OutputNames.SafeFileStem(parse.GetValue(name) ?? "default", "--name");
            var clients = closedLoop.Read(parse);
            using var loaded = scenario.Load(parse, clients);
            if (clients is not null && parse.GetValue(closedLoop.Duration) is null && loaded.Requests.Header.DurationS > 0)
                clients = clients with { DurationS = loaded.Requests.Header.DurationS };
            string? tracePath = parse.GetValue(traceOut) ??
                (parse.GetValue(chromeTrace) ? Path.Combine("chrome_trace", simName + ".json") : null);
            var options = new SimulationOptions
            {
                Overhead = loaded.Overhead,
                ChromeTracePath = tracePath,
                Progress = context.Progress("simulate"),
                ClosedLoop = clients,
                Policy = policy.Read(parse, parse.GetValue(closedLoop.Seed)),
                TrimS = parse.GetValue(trim),
            };
            var report = Simulation.Run(loaded.Deployment, loaded.Requests, options).Report;

            json.Write(parse, context, stream => SimulationReportJson.Write(report, stream));
            if (json.ToStdout(parse)) return DlSimCli.Ok;
            var w = context.Out;
            var c = loaded.Cluster;
            w.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{simName}: {report.Requests} requests from {loaded.WorkloadSource} on {c.Nodes} node(s) × {c.GpusPerNode} GPU(s) × {c.MemoryGb} GB, {loaded.Deployment.Replicas.Count} replica(s), overhead {loaded.Overhead}"));
            w.WriteLine();
            ReportTables.Write(report, w);
            if (json.Requested(parse)) w.WriteLine($"results: {parse.GetValue(json.Option)}");
            if (tracePath is not null) w.WriteLine($"chrome trace: {tracePath}");
            return DlSimCli.Ok;
        });
        return command;
    }
}
