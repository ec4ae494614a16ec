using System.Globalization;
using DlSim.Formats.Files;
using DlSim.Formats.Text;
using DlSim.Foundation;
using DlSim.Llm;
using DlSim.Llm.Traffic;

namespace DlSim.Formats.AzureLlm;

/// <summary>
/// An Azure LLM inference trace (Splitwise, ISCA 2024; Azure/AzurePublicDataset, CC BY 4.0): header
/// <c>TIMESTAMP,ContextTokens,GeneratedTokens</c>, one request per row. The arrival is the time since the
/// first row's timestamp (<see cref="AzureLlmTimestamp"/>); rows must be in time order. Bad rows are
/// reported together at the end, each as <c>file:line: expected …</c>.
/// </summary>
public static class AzureLlmTraceCsv
{
    public const string HeaderText = "TIMESTAMP,ContextTokens,GeneratedTokens";
    private static readonly string[] Names = ["TIMESTAMP", "ContextTokens", "GeneratedTokens"];

    public static LlmWorkload Read(string path)
    {
        using var reader = InputFiles.OpenText(path, "Azure LLM trace file");
        return Read(reader, path);
    }

    public static LlmWorkload Read(TextReader reader, string file)
    {
        string? header = reader.ReadLine();
        if (header is null) throw new InputException(file, 1, $"expected the header row {HeaderText}, found an empty file");
        var names = CsvLine.Split(header);
        if (names is null || names.Count != Names.Length || !names.Select(n => n.Trim()).SequenceEqual(Names))
            throw new InputException(file, 1, $"expected the header row {HeaderText}, found {ErrorText.Quote(header)}");
        var errors = new InputErrorList(file);
        var requests = new List<LlmRequest>();
        long firstTicks = 0, previousTicks = long.MinValue;
        int lineNo = 1;
        string? line;
        while ((line = reader.ReadLine()) is not null)
        {
            lineNo++;
            if (line.Length == 0) continue;
            string? problem = Parse(line, out long ticks, out int context, out int generated);
            if (problem is null && ticks < previousTicks) problem = $"expected rows in time order, found a TIMESTAMP before the previous row's";
            if (problem is not null) { errors.Add(lineNo, problem); continue; }
            if (requests.Count == 0) firstTicks = ticks;
            if (requests.Count >= Limits.MaxRequests) throw new InputException(file, lineNo, $"expected at most {Limits.MaxRequests} requests (the limit)");
            previousTicks = ticks;
            requests.Add(new LlmRequest((ticks - firstTicks) / (double)TimeSpan.TicksPerSecond, context, generated));
        }
        errors.ThrowIfAny();
        if (requests.Count == 0) throw new InputException(file, 0, $"expected at least one row after the header {HeaderText}, found none");
        return new LlmWorkload(requests, file);
    }

    /// <summary>The row's problem, or null with its timestamp in ticks and its two token counts.</summary>
    private static string? Parse(string line, out long ticks, out int context, out int generated)
    {
        ticks = 0;
        context = generated = 0;
        ReadOnlySpan<char> time, ctx, gen;
        if (line.Contains('"'))
        {
            var f = CsvLine.Split(line);
            if (f is null) return "expected closed quotes, found an unterminated quoted field";
            if (f.Count != 3) return ColumnProblem(f.Count);
            time = f[0];
            ctx = f[1];
            gen = f[2];
        }
        else
        {
            int c1 = line.IndexOf(','), c2 = c1 < 0 ? -1 : line.IndexOf(',', c1 + 1);
            if (c2 < 0 || line.IndexOf(',', c2 + 1) >= 0) return ColumnProblem(line.Split(',').Length);
            time = line.AsSpan(0, c1);
            ctx = line.AsSpan(c1 + 1, c2 - c1 - 1);
            gen = line.AsSpan(c2 + 1);
        }
        if (!AzureLlmTimestamp.TryParseTicks(time, out ticks))
            return $"expected TIMESTAMP as {AzureLlmTimestamp.Format}, found {ErrorText.Quote(time.ToString())}";
        if (!TryTokens(ctx, out context)) return TokenProblem("ContextTokens", ctx);
        if (!TryTokens(gen, out generated)) return TokenProblem("GeneratedTokens", gen);
        return null;
    }

    private static bool TryTokens(ReadOnlySpan<char> text, out int value) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value) && value >= 1 && value <= TokenLengthSpec.MaxTokensLimit;

    private static string TokenProblem(string column, ReadOnlySpan<char> found) =>
        $"expected {column} a whole number of tokens from 1 to {TokenLengthSpec.MaxTokensLimit}, found {ErrorText.Quote(found.ToString())}";

    private static string ColumnProblem(int found) => $"expected 3 columns ({HeaderText}), found {found}";
}
