using System.CommandLine;
using System.CommandLine.Parsing;
using DlSim.Formats.Files;
using DlSim.Foundation;

namespace DlSim.Cli.Commands;

/// <summary>
/// Checks output paths while the command line is parsed, before any work: a run of minutes must not
/// end in "cannot write". A file path must not be empty, a folder, a pipe or a device, or lie under a
/// file, and its folder (or the nearest one that exists) must be writable.
/// </summary>
public static class OutputPaths
{
    /// <summary>Refuses, at parse time, a value of this option that cannot be written as a file.</summary>
    public static Option<T> IsOutputFile<T>(this Option<T> option)
    {
        option.Validators.Add(result => Validate(result, FileProblem));
        return option;
    }

    /// <summary>Refuses, at parse time, a value of this option that cannot be used as an output folder.</summary>
    public static Option<T> IsOutputFolder<T>(this Option<T> option)
    {
        option.Validators.Add(result => Validate(result, FolderProblem));
        return option;
    }

    /// <summary>The same check for a path the command derives itself (e.g. chrome_trace/NAME.json).</summary>
    public static void CheckFile(string path, string flag)
    {
        if (FileProblem(path) is string problem) throw new InputException(flag, 0, problem);
    }

    private static void Validate(OptionResult result, Func<string, string?> problemOf)
    {
        if (result.Implicit) return;
        foreach (var token in result.Tokens)
            if (problemOf(token.Value) is string problem)
                result.AddError($"{result.IdentifierToken?.Value ?? result.Option.Name}: {problem}");
    }

    /// <summary>Why <paramref name="path"/> cannot be written as a file, or null when it can.</summary>
    public static string? FileProblem(string path)
    {
        if (string.IsNullOrWhiteSpace(path)) return "expected a file path, found an empty path";
        if (path.Contains('\0')) return $"expected a file path, found {ErrorText.Quote(path)} (it holds a NUL character)";
        if (path.EndsWith('/')) return $"expected a file path, found the folder path {ErrorText.Quote(path)}";
        string target;
        try { target = AtomicFile.ResolveTarget(path); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            return $"expected a file path that can be resolved, found {ErrorText.Quote(path)}";
        }
        var kind = FileKinds.Of(target);
        if (kind is not (FileKind.Missing or FileKind.Regular))
            return $"expected a file path, found {ErrorText.Quote(path)}, {FileKinds.Describe(kind)}";
        return ParentProblem(Path.GetDirectoryName(target), path);
    }

    /// <summary>Why <paramref name="path"/> cannot be used (or created) as an output folder, or null.</summary>
    public static string? FolderProblem(string path)
    {
        if (string.IsNullOrWhiteSpace(path)) return "expected a folder path, found an empty path";
        if (path.Contains('\0')) return $"expected a folder path, found {ErrorText.Quote(path)} (it holds a NUL character)";
        string full;
        try { full = Path.GetFullPath(path); }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or IOException)
        {
            return $"expected a folder path, found {ErrorText.Quote(path)}";
        }
        var kind = FileKinds.Of(full);
        if (kind is not (FileKind.Missing or FileKind.Folder))
            return $"expected a folder path, found {ErrorText.Quote(path)}, {FileKinds.Describe(kind)}";
        return kind == FileKind.Folder ? WritableProblem(full) : ParentProblem(Path.GetDirectoryName(full), path);
    }

    /// <summary>The nearest existing ancestor must be a folder we can write in (missing folders are created).</summary>
    private static string? ParentProblem(string? folder, string path)
    {
        string? dir = folder;
        while (!string.IsNullOrEmpty(dir))
        {
            var kind = FileKinds.Of(dir);
            if (kind == FileKind.Folder) return WritableProblem(dir);
            if (kind != FileKind.Missing)
                return $"expected {ErrorText.Quote(path)} to be under a folder, found {ErrorText.Quote(dir)}, {FileKinds.Describe(kind)}";
            dir = Path.GetDirectoryName(dir);
        }
        return null;
    }

    /// <summary>Tries to create (and at once delete) a file in the folder: the only test that also sees read-only mounts and ACLs.</summary>
    private static string? WritableProblem(string folder)
    {
        string probe = Path.Combine(folder, $".dlsim-probe-{Environment.ProcessId}-{Guid.NewGuid():N}");
        try
        {
            using var _ = new FileStream(probe, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.DeleteOnClose);
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return $"expected a folder you can write in, found {ErrorText.Quote(folder)}, read-only";
        }
    }
}
