using System.Text.Json;
using DlSim.Formats.Files;
using DlSim.Foundation;

namespace DlSim.Formats.Json;

public enum JsonKind { Object, Array, String, Number, Bool, Null }

/// <summary>
/// A parsed JSON value that remembers the line it started on, so loaders can say
/// <c>file:line: expected …</c> for semantic errors, which System.Text.Json's DOM cannot.
/// </summary>
public sealed class JsonNode
{
    public JsonKind Kind { get; }
    public int Line { get; }
    public string? Text { get; private init; }
    public double Number { get; private init; }
    public bool Bool { get; private init; }
    public List<JsonNode> Items { get; } = [];
    public List<KeyValuePair<string, JsonNode>> Members { get; } = [];

    private JsonNode(JsonKind kind, int line) { Kind = kind; Line = line; }

    public string KindName => Kind switch
    {
        JsonKind.Object => "an object",
        JsonKind.Array => "a list",
        JsonKind.String => $"the string {ErrorText.Quote(Text ?? "")}",
        JsonKind.Number => $"the number {Number.ToString(System.Globalization.CultureInfo.InvariantCulture)}",
        JsonKind.Bool => Bool ? "true" : "false",
        _ => "null",
    };

    public JsonNode? Get(string name)
    {
        foreach (var m in Members) if (m.Key == name) return m.Value;
        return null;
    }

    /// <summary>
    /// Parses a whole JSON document; every problem becomes an <see cref="InputException"/> at its line in
    /// plain words: a byte order mark is skipped (as in CSV inputs), bytes that are not UTF-8, a field
    /// twice in one object and numbers beyond ±1.8e308 are refused.
    /// </summary>
    public static JsonNode Parse(byte[] utf8, string file)
    {
        var lineStarts = LineStarts(utf8);
        int bom = utf8.AsSpan().StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]) ? 3 : 0;
        CheckEncoding(utf8, bom, file, lineStarts);
        var reader = new Utf8JsonReader(utf8.AsSpan(bom), new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip, MaxDepth = MaxDepth });
        var context = new ParseContext(file, lineStarts, bom);
        try
        {
            if (!reader.Read()) throw new InputException(file, 1, "expected a JSON document, found an empty file");
            var root = ReadValue(ref reader, context);
            if (reader.Read()) throw new InputException(file, context.LineOf(reader.TokenStartIndex), "expected the end of the document, found more JSON");
            return root;
        }
        catch (JsonException e)
        {
            int line = (int)(e.LineNumber ?? 0) + 1;
            long offset = line - 1 < lineStarts.Count ? lineStarts[line - 1] + (e.BytePositionInLine ?? 0) + (line == 1 ? bom : 0) : utf8.Length;
            throw new InputException(file, line, JsonSyntax.Describe(e.Message, utf8, offset, MaxDepth));
        }
    }

    /// <summary>Deepest nesting of objects and lists accepted.</summary>
    public const int MaxDepth = 64;

    public static JsonNode ParseFile(string path)
    {
        return Parse(InputFiles.ReadAllBytes(path), path);
    }

    private sealed record ParseContext(string File, List<long> LineStarts, int Bom)
    {
        public int LineOf(long readerOffset) => JsonNode.LineOf(LineStarts, readerOffset + Bom);
    }

    /// <summary>Bytes that are not UTF-8 are reported at their line (the reader would only say "invalid UTF-8" when a string is read).</summary>
    private static void CheckEncoding(byte[] utf8, int start, string file, List<long> lineStarts)
    {
        var span = utf8.AsSpan(start);
        if (span.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]) || span.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]))
            throw new InputException(file, 1, "expected UTF-8 text, found a UTF-16 byte order mark (save the file as UTF-8)");
        if (System.Text.Unicode.Utf8.IsValid(span)) return;
        int i = 0;
        while (i < span.Length)
        {
            if (System.Text.Rune.DecodeFromUtf8(span[i..], out _, out int consumed) != System.Buffers.OperationStatus.Done)
            {
                int line = LineOf(lineStarts, start + i);
                throw new InputException(file, line, $"expected UTF-8 text, found the byte 0x{span[i]:X2} at byte {start + i - lineStarts[line - 1] + 1} of the line");
            }
            i += consumed;
        }
    }

    private static JsonNode ReadValue(ref Utf8JsonReader reader, ParseContext context)
    {
        int line = context.LineOf(reader.TokenStartIndex);
        switch (reader.TokenType)
        {
            case JsonTokenType.StartObject:
            {
                var node = new JsonNode(JsonKind.Object, line);
                var seen = new Dictionary<string, int>(StringComparer.Ordinal);
                while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
                {
                    int nameLine = context.LineOf(reader.TokenStartIndex);
                    string name = reader.GetString()!;
                    if (!seen.TryAdd(name, nameLine))
                        throw new InputException(context.File, nameLine, $"expected each field once in an object, found {ErrorText.Quote(name)} again (first on line {seen[name]})");
                    reader.Read();
                    node.Members.Add(new(name, ReadValue(ref reader, context)));
                }
                return node;
            }
            case JsonTokenType.StartArray:
            {
                var node = new JsonNode(JsonKind.Array, line);
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                    node.Items.Add(ReadValue(ref reader, context));
                return node;
            }
            case JsonTokenType.String: return new JsonNode(JsonKind.String, line) { Text = reader.GetString() };
            case JsonTokenType.Number:
                if (!reader.TryGetDouble(out double number) || !double.IsFinite(number))
                    throw new InputException(context.File, line, "expected a number between -1.8e308 and 1.8e308, found a larger one");
                return new JsonNode(JsonKind.Number, line) { Number = number };
            case JsonTokenType.True: return new JsonNode(JsonKind.Bool, line) { Bool = true };
            case JsonTokenType.False: return new JsonNode(JsonKind.Bool, line) { Bool = false };
            default: return new JsonNode(JsonKind.Null, line);
        }
    }

    private static List<long> LineStarts(byte[] utf8)
    {
        var starts = new List<long> { 0 };
        for (int i = 0; i < utf8.Length; i++) if (utf8[i] == (byte)'\n') starts.Add(i + 1);
        return starts;
    }

    private static int LineOf(List<long> lineStarts, long offset)
    {
        int index = lineStarts.BinarySearch(offset);
        return (index >= 0 ? index : ~index - 1) + 1;
    }
}
