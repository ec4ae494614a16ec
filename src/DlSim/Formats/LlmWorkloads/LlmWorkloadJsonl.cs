using System.Globalization;
using System.Text;
using System.Text.Json;
using DlSim.Formats.Files;
using DlSim.Formats.Text;
using DlSim.Foundation;
using DlSim.Llm;
using DlSim.Llm.Traffic;

namespace DlSim.Formats.LlmWorkloads;

/// <summary>
/// The LLM workload JSONL format: one JSON object per line with <c>input_toks</c>, <c>output_toks</c> (whole
/// numbers ≥ 1) and <c>arrival_time_ns</c> (whole nanoseconds ≥ 0 from the start, in arrival order). Read with a
/// block size, the prompt's token ids (<c>input_tok_ids</c>, as many as <c>input_toks</c>, on every line or on none)
/// are kept as block hashes for prefix caching (the ids themselves are not kept); otherwise, and for every other
/// field, values are skipped unread. Blank lines are allowed. Bad lines are reported together at the end, each as
/// <c>file:line: expected …</c>.
/// </summary>
public static class LlmWorkloadJsonl
{
    /// <summary>Longest line read: room for a prompt of millions of token ids.</summary>
    public const int MaxLineBytes = 64 << 20;

    private const string Fields = "input_toks, output_toks and arrival_time_ns";

    /// <param name="hashBlockSize">Tokens per KV block to hash the prompts' token ids at; null to skip the ids.</param>
    public static LlmWorkload Read(string path, int? hashBlockSize = null)
    {
        InputFiles.CheckRegular(path, "LLM workload file");
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1);
        return Read(stream, path, hashBlockSize);
    }

    /// <param name="hashBlockSize">Tokens per KV block to hash the prompts' token ids at; null to skip the ids.</param>
    public static LlmWorkload Read(Stream stream, string file, int? hashBlockSize = null)
    {
        if (hashBlockSize is < 1) throw new ArgumentOutOfRangeException(nameof(hashBlockSize), "at least one token per block");
        var lines = new ByteLines(stream, file, MaxLineBytes);
        var errors = new InputErrorList(file);
        var requests = new List<LlmRequest>();
        var ids = hashBlockSize is null ? null : new List<int>();
        var hashes = new List<ulong[]>();
        int firstWithoutIds = 0;
        long previousNs = 0;
        while (lines.TryRead(out var line))
        {
            if (IsBlank(line)) continue;
            string? problem = Parse(line, ids, out int input, out int output, out long ns, out bool hasIds);
            if (problem is null && ns < previousNs)
                problem = $"expected arrival_time_ns ≥ the previous request's ({previousNs}: requests in arrival order), found {ns}";
            if (problem is null && hasIds && ids!.Count != input)
                problem = $"expected {input} token ids in \"input_tok_ids\" (input_toks), found {ids.Count}";
            if (problem is not null) { errors.Add(lines.Line, problem); continue; }
            if (requests.Count >= Limits.MaxRequests) throw new InputException(file, lines.Line, $"expected at most {Limits.MaxRequests} requests (the limit)");
            previousNs = ns;
            // Times 1e-9 rather than ÷ 1e9: the two differ in the last bit for some values, and results stay as they were.
            requests.Add(new LlmRequest(ns * 1e-9, input, output));
            if (hasIds) hashes.Add(PromptBlockHashes.Chain(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(ids), hashBlockSize!.Value));
            else if (firstWithoutIds == 0) firstWithoutIds = lines.Line;
        }
        if (hashes.Count > 0 && hashes.Count < requests.Count)
            errors.Add(firstWithoutIds, "expected \"input_tok_ids\" on every line or on none, found it missing here");
        errors.ThrowIfAny();
        if (requests.Count == 0) throw new InputException(file, 0, $"expected at least one request line ({Fields}), found none");
        return hashes.Count == 0 ? new LlmWorkload(requests, file) : new LlmWorkload(requests, file) { Prompts = new PromptBlockHashes(hashBlockSize!.Value, [.. hashes]) };
    }

    /// <summary>The line's problem, or null with its three figures and, when <paramref name="ids"/> is given and the
    /// line has them, its token ids in <paramref name="ids"/>.</summary>
    private static string? Parse(ReadOnlySpan<byte> line, List<int>? ids, out int input, out int output, out long ns, out bool hasIds)
    {
        input = output = 0;
        ns = -1;
        hasIds = false;
        if (!System.Text.Unicode.Utf8.IsValid(line)) return "expected UTF-8 text, found a byte that is not";
        var reader = new Utf8JsonReader(line, new JsonReaderOptions { MaxDepth = 16 });
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject) return $"expected a JSON object with {Fields}, found {Describe(reader)}";
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                int field = reader.ValueTextEquals("input_toks"u8) ? 0 : reader.ValueTextEquals("output_toks"u8) ? 1 : reader.ValueTextEquals("arrival_time_ns"u8) ? 2
                    : ids is not null && reader.ValueTextEquals("input_tok_ids"u8) ? 3 : -1;
                if (!reader.Read()) break;
                if (field < 0) { reader.Skip(); continue; }
                if (field == 3)
                {
                    if (hasIds) return "expected input_tok_ids once, found it twice";
                    if (TokenIds(ref reader, ids!) is string bad) return bad;
                    hasIds = true;
                    continue;
                }
                string? problem = field switch
                {
                    0 => Tokens(ref reader, "input_toks", input, out input),
                    1 => Tokens(ref reader, "output_toks", output, out output),
                    _ => Nanoseconds(ref reader, ns, out ns),
                };
                if (problem is not null) return problem;
            }
            if (reader.TokenType != JsonTokenType.EndObject) return "expected a complete JSON object, found the line cut short";
            if (reader.Read()) return "expected one JSON object per line, found more after it";
        }
        catch (JsonException e)
        {
            if (e.BytePositionInLine >= line.Length) return "expected a complete JSON object, found the line cut short";
            return $"expected one JSON object per line, found invalid JSON at byte {e.BytePositionInLine + 1}";
        }
        var missing = new List<string>();
        if (input == 0) missing.Add("input_toks");
        if (output == 0) missing.Add("output_toks");
        if (ns < 0) missing.Add("arrival_time_ns");
        return missing.Count > 0 ? $"expected {Fields}, found no {string.Join(" or ", missing)}" : null;
    }

    private static string? Tokens(ref Utf8JsonReader reader, string name, int seen, out int value)
    {
        value = seen;
        if (seen != 0) return $"expected {name} once, found it twice";
        if (reader.TokenType != JsonTokenType.Number || !reader.TryGetInt32(out value) || value < 1 || value > TokenLengthSpec.MaxTokensLimit)
        {
            value = 0;
            return $"expected {name} a whole number of tokens from 1 to {TokenLengthSpec.MaxTokensLimit}, found {Describe(reader)}";
        }
        return null;
    }

    /// <summary>Reads an array of token ids (whole numbers ≥ 0) into <paramref name="ids"/>.</summary>
    private static string? TokenIds(ref Utf8JsonReader reader, List<int> ids)
    {
        ids.Clear();
        if (reader.TokenType != JsonTokenType.StartArray) return $"expected input_tok_ids an array of token ids, found {Describe(reader)}";
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.Number || !reader.TryGetInt32(out int id) || id < 0)
                return $"expected input_tok_ids to hold whole numbers ≥ 0, found {Describe(reader)}";
            ids.Add(id);
        }
        return null;
    }

    private static string? Nanoseconds(ref Utf8JsonReader reader, long seen, out long value)
    {
        value = seen;
        if (seen >= 0) return "expected arrival_time_ns once, found it twice";
        if (reader.TokenType != JsonTokenType.Number || !reader.TryGetInt64(out value) || value < 0)
        {
            value = -1;
            return $"expected arrival_time_ns a whole number of nanoseconds ≥ 0, found {Describe(reader)}";
        }
        return null;
    }

    /// <summary>The current token for a message: a number or short string as written (quoted, cleaned), else its kind.</summary>
    private static string Describe(Utf8JsonReader reader) => reader.TokenType switch
    {
        JsonTokenType.Number => ErrorText.Quote(Encoding.UTF8.GetString(reader.ValueSpan)),
        JsonTokenType.String => "the string " + ErrorText.Quote(Encoding.UTF8.GetString(reader.ValueSpan[..Math.Min(reader.ValueSpan.Length, 200)])),
        JsonTokenType.StartArray => "an array",
        JsonTokenType.StartObject => "an object",
        JsonTokenType.True or JsonTokenType.False => "a boolean",
        JsonTokenType.Null => "null",
        JsonTokenType.None => "nothing",
        _ => reader.TokenType.ToString(),
    };

    private static bool IsBlank(ReadOnlySpan<byte> line)
    {
        foreach (byte b in line)
            if (b is not ((byte)' ' or (byte)'\t' or (byte)'\r')) return false;
        return true;
    }

    /// <summary>Writes the workload atomically: one line per request, arrival rounded to the nanosecond.</summary>
    public static void Write(LlmWorkload workload, string path) => AtomicFile.Write(path, stream => Write(workload, stream));

    /// <summary>Latest arrival the format holds: arrival_time_ns is a 64-bit count (about 292 years).</summary>
    public const double MaxArrivalS = 9e9;

    public static void Write(LlmWorkload workload, Stream stream)
    {
        if (workload.SpanS > MaxArrivalS)
            throw new InputException(workload.Source, 0, $"expected arrivals within {MaxArrivalS:0e0} s (the most arrival_time_ns holds), found one at {workload.SpanS.ToString("R", CultureInfo.InvariantCulture)} s");
        using var writer = new StreamWriter(stream, new UTF8Encoding(false), 1 << 16, leaveOpen: true) { NewLine = "\n" };
        foreach (var r in workload.Requests)
            writer.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{{\"input_toks\": {r.InputTokens}, \"output_toks\": {r.OutputTokens}, \"arrival_time_ns\": {Nanoseconds(r.ArrivalS)}}}"));
    }

    /// <summary>Seconds to whole nanoseconds, rounded to the nearest: a read then written file is unchanged.</summary>
    public static long Nanoseconds(double seconds) => (long)Math.Round(seconds * 1e9, MidpointRounding.AwayFromZero);
}
