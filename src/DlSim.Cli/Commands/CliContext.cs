using System.CommandLine;

namespace DlSim.Cli.Commands;

/// <summary>Where a command writes (stdout for results, stderr for progress and errors), and the whole command tree for
/// commands that run others in-process (<c>sweep run</c> runs each case as <c>simulate</c>).</summary>
public sealed class CliContext(TextWriter stdout, TextWriter stderr, ICommandTree? tree = null)
{
    public TextWriter Out { get; } = stdout;
    public TextWriter Err { get; } = stderr;

    /// <summary>The dlsim command tree this context belongs to.</summary>
    public ICommandTree Tree => tree ?? throw new InvalidOperationException("this context was made without the command tree");

    /// <summary>This context, belonging to <paramref name="commandTree"/> when it has no tree yet.</summary>
    public CliContext Within(ICommandTree commandTree) => tree is null ? new CliContext(Out, Err, commandTree) : this;

    /// <summary>Prints a progress line to stderr: "label: done/total (percent)".</summary>
    public Action<long, long> Progress(string label) =>
        (done, total) => Err.WriteLine(total > 0
            ? $"{label}: {done:N0}/{total:N0} requests ({100.0 * done / total:F0} %)"
            : $"{label}: {done:N0} requests");
}
