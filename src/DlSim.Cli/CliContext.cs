using System.CommandLine;

namespace DlSim.Cli;

/// <summary>Where a command writes (stdout for results, stderr for progress and errors) and which extra commands exist.</summary>
public sealed class CliContext(TextWriter stdout, TextWriter stderr)
{
    public TextWriter Out { get; } = stdout;
    public TextWriter Err { get; } = stderr;

    /// <summary>Commands registered beyond simulate and workload (compare, trace, bench, ...).</summary>
    public IReadOnlyList<Func<CliContext, Command>> ExtraCommands { get; } = CommandRegistry.Extra;

    /// <summary>Prints a progress line to stderr: "label: done/total (percent)".</summary>
    public Action<long, long> Progress(string label) =>
        (done, total) => Err.WriteLine(total > 0
            ? $"{label}: {done:N0}/{total:N0} requests ({100.0 * done / total:F0} %)"
            : $"{label}: {done:N0} requests");
}
