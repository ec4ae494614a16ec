using System.CommandLine;
using DlSim.Formats;
using DlSim.Workloads.Operations;

namespace DlSim.Cli.Commands;

/// <summary><c>dlsim workload slice W --from S --to S [--shift] -o OUT</c>: the requests arriving in [from, to).</summary>
public static class WorkloadSliceCommand
{
    public static Command Build(CliContext context)
    {
        var file = new Argument<string>("FILE") { Description = "Workload file to slice." };
        var from = new Option<double>("--from") { Description = "First second kept (inclusive).", DefaultValueFactory = _ => 0 };
        var to = new Option<double?>("--to") { Description = "First second no longer kept (exclusive). Default: to the end." };
        var shift = new Option<bool>("--shift") { Description = "Move the kept requests so that --from becomes time 0 (default: keep their times)." };
        var output = new Option<string>("--output", "-o") { Description = "Workload file to write.", Required = true }.IsOutputFile();

        var command = new Command("slice",
            "Keep the requests arriving in [--from, --to) seconds (streamed; the input is still read to its end so a problem anywhere in it is reported).");
        command.Arguments.Add(file);
        foreach (var o in new Option[] { from, to, shift, output }) command.Options.Add(o);
        command.SetAction(parse =>
        {
            var spec = new SliceSpec { FromS = parse.GetValue(from), ToS = parse.GetValue(to) ?? double.PositiveInfinity, Shift = parse.GetValue(shift) };
            spec.Validate();
            var sliced = WorkloadOutput.Wrap(WorkloadFiles.OpenRead(parse.GetValue(file)!), s => new SlicedSource(s, spec));
            return WorkloadOutput.Write(sliced, parse.GetValue(output)!, context, "--from", "the window [--from, --to)");
        });
        return command;
    }
}
