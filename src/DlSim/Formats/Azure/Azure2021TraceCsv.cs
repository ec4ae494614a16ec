using System.Text;
using DlSim.Formats.Files;
using DlSim.Formats.Text;
using DlSim.Foundation;
using DlSim.Workloads.Replay;

namespace DlSim.Formats.Azure;

/// <summary>
/// A file of the Azure Functions 2021 trace: header <c>app,func,end_timestamp,duration</c>, then one row per
/// invocation, times in seconds; the arrival is end_timestamp − duration. A function's key is <c>app,func</c>.
/// Bad rows are skipped and every problem is thrown together at the end of the file.
/// </summary>
public static class Azure2021TraceCsv
{
    private const string HeaderText = "app,func,end_timestamp,duration";
    private static readonly string[] Names = ["app", "func", "end_timestamp", "duration"];

    public static void Read(string path, InvocationVisitor visit)
    {
        using var reader = InputFiles.OpenText(path, "Azure 2021 trace file");
        Read(reader, path, visit);
    }

    public static void Read(TextReader reader, string file, InvocationVisitor visit)
    {
        var errors = new InputErrorList(file);
        string? header = reader.ReadLine();
        if (header is null) throw new InputException(file, 1, $"expected a header row ({HeaderText}), found an empty file");
        var names = CsvLine.Split(header);
        if (names is null || names.Count != Names.Length || !names.Select(n => n.Trim()).SequenceEqual(Names))
            throw new InputException(file, 1, $"expected the header row {HeaderText}, found \"{header}\"");
        int lineNo = 1;
        string? line;
        while ((line = reader.ReadLine()) is not null)
        {
            lineNo++;
            if (line.Length == 0) continue;
            string? problem = Parse(line, out string? key, out int keyLength, out double arrival);
            if (problem is not null) errors.Add(lineNo, problem);
            else visit(key is not null ? key : line.AsSpan(0, keyLength), arrival);
        }
        errors.ThrowIfAny();
    }

    /// <summary>Returns the row's problem, or null with its key (null when it is the row's first <paramref name="keyLength"/> characters) and arrival.</summary>
    private static string? Parse(string line, out string? key, out int keyLength, out double arrival)
    {
        key = null;
        keyLength = 0;
        arrival = 0;
        ReadOnlySpan<char> end, duration;
        if (line.Contains('"'))
        {
            var f = CsvLine.Split(line);
            if (f is null) return "expected closed quotes, found an unterminated quoted field";
            if (f.Count != Names.Length) return ColumnProblem(f.Count);
            key = f[0] + "," + f[1];
            end = f[2];
            duration = f[3];
        }
        else
        {
            int c1 = line.IndexOf(','), c2 = c1 < 0 ? -1 : line.IndexOf(',', c1 + 1), c3 = c2 < 0 ? -1 : line.IndexOf(',', c2 + 1);
            if (c3 < 0 || line.IndexOf(',', c3 + 1) >= 0) return ColumnProblem(line.Split(',').Length);
            keyLength = c2;
            end = line.AsSpan(c2 + 1, c3 - c2 - 1);
            duration = line.AsSpan(c3 + 1);
        }
        if (!SeedNumbers.TryDouble(end, out double endS)) return $"expected end_timestamp a finite number of seconds, found \"{end}\"";
        if (!SeedNumbers.TryDouble(duration, out double durationS) || durationS < 0)
            return $"expected duration a finite number of seconds ≥ 0, found \"{duration}\"";
        if (endS < durationS)
            return $"expected end_timestamp ≥ duration (the arrival, end − duration, is at or after the trace's start), found end_timestamp {end} < duration {duration}";
        arrival = endS - durationS;
        return null;
    }

    private static string ColumnProblem(int found) => $"expected 4 columns ({HeaderText}), found {found}";
}
