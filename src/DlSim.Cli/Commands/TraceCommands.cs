using System.CommandLine;
using DlSim.Analysis;
using DlSim.Formats.ChromeTrace;
using DlSim.Formats.ClusterTrace;
using DlSim.Foundation;
using DlSim.Runs;

namespace DlSim.Cli.Commands;

/// <summary><c>dlsim trace ...</c>: tools for real cluster traces.</summary>
public static class TraceCommands
{
    public static Command Build(CliContext context)
    {
        var command = new Command("trace", "Tools for real cluster traces (the ground truth 'compare' measures against).");
        command.Subcommands.Add(Chrome(context));
        return command;
    }

    private static Command Chrome(CliContext context)
    {
        var file = new Argument<string>("TRACE") { Description = "Real cluster trace (JSON keyed by model id: rq_id, arrive, e2e_latency, stage_exec_info)." };
        var output = new Option<string>("--output", "-o") { Description = "Chrome/Perfetto trace file to write.", Required = true }.IsOutputFile();
        var gpus = new Option<int>("--num_devices_per_node", "-d", "--num-devices-per-node")
        {
            Description = "GPUs per node of the traced cluster: each gets a track, and a run on a larger GPU index is bad input.",
            DefaultValueFactory = _ => DefaultScenario.Cluster.GpusPerNode,
        };

        var command = new Command("chrome",
            "Turn a real trace into a Chrome/Perfetto trace laid out like 'simulate --chrome_trace' (pid node, tid GPU, slice r{request}.s{stage} per GPU), to open real and simulated timelines side by side.");
        command.Arguments.Add(file);
        command.Options.Add(output);
        command.Options.Add(gpus);
        command.SetAction(parse =>
        {
            int perNode = parse.GetValue(gpus);
            if (perNode < 1) throw new InputException(parse.Typed(gpus), 0, $"expected at least 1 GPU per node, found {perNode}");
            string tracePath = parse.GetValue(file)!;
            string outPath = parse.GetValue(output)!;
            var trace = ClusterTraceJson.Read(tracePath);
            long slices = RealTraceChrome.Write(trace, outPath, perNode);
            context.Out.WriteLine($"{outPath}: {slices} slices from {trace.Requests} requests of {tracePath}");
            return ExitCodes.Ok;
        });
        return command;
    }
}
