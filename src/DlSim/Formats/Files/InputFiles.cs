using DlSim.Formats.Text;
using DlSim.Foundation;

namespace DlSim.Formats.Files;

/// <summary>
/// Opens input files the same way for every format: only regular files (a folder, a pipe or a device
/// such as <c>/dev/zero</c> would hang or exhaust memory), at most <see cref="Limits.MaxFileBytes"/>
/// when read whole, text as strict UTF-8 with an optional byte order mark.
/// </summary>
public static class InputFiles
{
    /// <summary>Throws unless <paramref name="path"/> is an existing regular file (links followed).</summary>
    /// <param name="what">What the file should be, for the message: "workload file", "profile file", ...</param>
    public static void CheckRegular(string path, string what = "file")
    {
        var kind = FileKinds.Of(path);
        if (kind == FileKind.Missing) throw new InputException(path, 0, $"expected an existing {what}, found none");
        if (kind != FileKind.Regular) throw new InputException(path, 0, $"expected a regular {what}, found {FileKinds.Describe(kind)}");
    }

    /// <summary>The whole file, after checking it is a regular file of at most <see cref="Limits.MaxFileBytes"/>.</summary>
    public static byte[] ReadAllBytes(string path, string what = "file")
    {
        CheckRegular(path, what);
        long length = new FileInfo(path).Length;
        if (length > Limits.MaxFileBytes)
            throw new InputException(path, 0, $"expected a {what} of at most {Limits.MaxFileBytes} bytes (the limit), found {length} bytes");
        return File.ReadAllBytes(path);
    }

    /// <summary>A line reader over a regular file: strict UTF-8, byte order mark skipped, lines of at most <see cref="Limits.MaxLineBytes"/>.</summary>
    public static Utf8LineReader OpenText(string path, string what = "file")
    {
        CheckRegular(path, what);
        var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1);
        return new Utf8LineReader(stream, path);
    }

    /// <summary>Every line of a small text file, read as <see cref="OpenText"/> does.</summary>
    public static List<string> ReadAllLines(string path, string what = "file")
    {
        using var reader = OpenText(path, what);
        var lines = new List<string>();
        while (reader.ReadLine() is string line) lines.Add(line);
        return lines;
    }
}
