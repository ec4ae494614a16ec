using System.CommandLine;
using DlSim.Formats.Files;

namespace DlSim.Cli.Commands;

/// <summary><c>--json [FILE]</c>: machine-readable results to FILE, or to stdout (instead of the table) when no file is given.</summary>
public sealed class JsonOption
{
    public Option<string?> Option { get; } = new Option<string?>("--json")
    {
        Description = "Write results as JSON to FILE; with no FILE (or -), print JSON to stdout instead of the table.",
        Arity = ArgumentArity.ZeroOrOne,
    }.IsOutputFile();

    public bool Requested(ParseResult parse) => parse.GetResult(Option) is not null;

    /// <summary>True when JSON replaces the table on stdout.</summary>
    public bool ToStdout(ParseResult parse) => Requested(parse) && IsStdout(parse.GetValue(Option));

    /// <summary>No file, or "-" (the usual name for standard output), means stdout.</summary>
    private static bool IsStdout(string? path) => string.IsNullOrEmpty(path) || path == "-";

    /// <summary>Writes JSON where asked: atomically to the file, or to stdout.</summary>
    public void Write(ParseResult parse, CliContext context, Action<Stream> write)
    {
        if (!Requested(parse)) return;
        string? path = parse.GetValue(Option);
        if (IsStdout(path))
        {
            using var buffer = new MemoryStream();
            write(buffer);
            context.Out.Write(System.Text.Encoding.UTF8.GetString(buffer.ToArray()));
        }
        else AtomicFile.Write(path!, write);
    }
}
