using System.CommandLine;

namespace DlSim.Cli.Commands;

/// <summary>The dlsim command tree, seen from a command: build it, or run a command line through it in-process.</summary>
public interface ICommandTree
{
    /// <summary>Every command, writing through <paramref name="context"/>.</summary>
    Command Build(CliContext context);

    /// <summary>Parses and runs <paramref name="args"/>; returns the exit code (see <see cref="ExitCodes"/>).</summary>
    int Run(string[] args, TextWriter stdout, TextWriter stderr);
}
