using System.CommandLine;
using DlSim.Cli.Commands;

namespace DlSim.Cli;

/// <summary>Commands beyond simulate and workload. Adding a command is one line here plus its own file.</summary>
public static class CommandRegistry
{
    public static readonly IReadOnlyList<Func<CliContext, Command>> Extra =
    [
        Commands.CompareCommand.Build,
        Commands.CalibrateCommand.Build,
        Commands.TraceCommands.Build,
        Commands.BenchCommand.Build,
        Commands.ModelsCommands.Build,
        Commands.PlacementCommands.Build,
        Commands.PlaceCommand.Build,
        Commands.CapacityCommand.Build,
        Commands.SweepCommands.Build,
        Commands.LlmCommands.Build,
    ];
}
