using System.Globalization;
using System.Text;
using DlSim.Formats.Files;
using DlSim.Formats.Text;
using DlSim.Foundation;
using DlSim.Workloads.Replay;

namespace DlSim.Formats.Azure;

/// <summary>
/// A day file of the Azure Functions 2019 trace: header <c>HashOwner,HashApp,HashFunction,Trigger,1,2,…,1440</c>,
/// then one row per function with its invocation count in each minute of the day. A function's key is
/// <c>HashOwner,HashApp,HashFunction</c>. Rows are parsed without allocating per field; bad rows are
/// skipped and every problem is thrown together at the end of the file.
/// </summary>
public static class Azure2019TraceCsv
{
    public const int Minutes = Azure2019Replay.MinutesPerDay;
    private const int KeyColumns = 3, FirstCount = 4, Columns = FirstCount + Minutes;
    private const string HeaderText = "HashOwner,HashApp,HashFunction,Trigger,1,2,…,1440";

    public static void Read(string path, MinuteCountsVisitor visit)
    {
        using var reader = InputFiles.OpenText(path, "Azure 2019 trace file");
        Read(reader, path, visit);
    }

    public static void Read(TextReader reader, string file, MinuteCountsVisitor visit)
    {
        var errors = new InputErrorList(file);
        string? header = reader.ReadLine();
        if (header is null) throw new InputException(file, 1, $"expected a header row ({HeaderText}), found an empty file");
        CheckHeader(header, errors);
        errors.ThrowIfAny();
        var counts = new int[Minutes];
        int lineNo = 1;
        string? line;
        while ((line = reader.ReadLine()) is not null)
        {
            lineNo++;
            if (line.Length == 0) continue;
            string? key = null;
            string? problem = line.Contains('"') ? ParseQuoted(line, counts, out key) : Parse(line, counts);
            if (problem is not null) errors.Add(lineNo, problem);
            else visit(key is not null ? key : line.AsSpan(0, KeyLengthOf(line)), counts);
        }
        errors.ThrowIfAny();
    }

    private static void CheckHeader(string line, InputErrorList errors)
    {
        var f = CsvLine.Split(line);
        if (f is null) { errors.Add(1, "expected closed quotes in the header row, found an unterminated quoted field"); return; }
        if (f.Count != Columns) { errors.Add(1, $"expected {Columns} header columns ({HeaderText}), found {f.Count}"); return; }
        string[] names = ["HashOwner", "HashApp", "HashFunction", "Trigger"];
        for (int i = 0; i < Columns; i++)
        {
            string want = i < FirstCount ? names[i] : (i - FirstCount + 1).ToString(CultureInfo.InvariantCulture);
            if (f[i].Trim() != want)
            {
                errors.Add(1, $"expected header column {i + 1} \"{want}\" ({HeaderText}), found \"{f[i]}\"");
                return;
            }
        }
    }

    /// <summary>Fills the counts from an unquoted row; returns the problem, or null when the row is good.</summary>
    private static string? Parse(string line, int[] counts)
    {
        int columns = 1;
        foreach (char c in line) if (c == ',') columns++;
        if (columns != Columns) return ColumnProblem(columns);
        var rest = line.AsSpan();
        for (int i = 0; i < FirstCount; i++) rest = rest[(rest.IndexOf(',') + 1)..];
        for (int m = 0; m < Minutes; m++)
        {
            int comma = rest.IndexOf(',');
            var field = comma < 0 ? rest : rest[..comma];
            string? problem = ParseCount(field, m, out counts[m]);
            if (problem is not null) return problem;
            rest = comma < 0 ? [] : rest[(comma + 1)..];
        }
        return null;
    }

    /// <summary>As <see cref="Parse"/> for a row with quotes; the key is the first three fields joined by commas.</summary>
    private static string? ParseQuoted(string line, int[] counts, out string? key)
    {
        key = null;
        var f = CsvLine.Split(line);
        if (f is null) return "expected closed quotes, found an unterminated quoted field";
        if (f.Count != Columns) return ColumnProblem(f.Count);
        for (int m = 0; m < Minutes; m++)
        {
            string? problem = ParseCount(f[FirstCount + m], m, out counts[m]);
            if (problem is not null) return problem;
        }
        key = string.Join(',', f.Take(KeyColumns));
        return null;
    }

    private static string ColumnProblem(int found) =>
        $"expected {Columns} columns (HashOwner, HashApp, HashFunction, Trigger and 1440 minute counts), found {found}";

    private static string? ParseCount(ReadOnlySpan<char> field, int minute, out int count)
    {
        if (int.TryParse(field.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out count) && count >= 0) return null;
        return $"expected an invocation count (an integer ≥ 0) in minute column {minute + 1}, found \"{field}\"";
    }

    /// <summary>Length of "HashOwner,HashApp,HashFunction" at the start of an unquoted row.</summary>
    private static int KeyLengthOf(string line)
    {
        int at = -1;
        for (int i = 0; i < KeyColumns; i++) at = line.IndexOf(',', at + 1);
        return at;
    }
}
