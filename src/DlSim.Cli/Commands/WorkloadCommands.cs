using System.CommandLine;

namespace DlSim.Cli.Commands;

/// <summary><c>dlsim workload …</c>: one subcommand per file.</summary>
public static class WorkloadCommands
{
    public static Command Build(CliContext context)
    {
        var command = new Command("workload", "Generate, inspect and transform workloads.");
        command.Subcommands.Add(WorkloadGenerateCommand.Build(context));
        command.Subcommands.Add(WorkloadShowCommand.Build(context));
        command.Subcommands.Add(WorkloadMergeCommand.Build(context));
        command.Subcommands.Add(WorkloadSliceCommand.Build(context));
        command.Subcommands.Add(WorkloadScaleCommand.Build(context));
        command.Subcommands.Add(WorkloadReplayCommand.Build(context));
        command.Subcommands.Add(WorkloadPlotCommand.Build(context));
        return command;
    }
}
