using System.Text.Json;

namespace DlSim.Io;

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
        JsonKind.String => $"the string \"{Text}\"",
        JsonKind.Number => $"the number {Number.ToString(System.Globalization.CultureInfo.InvariantCulture)}",
        JsonKind.Bool => Bool ? "true" : "false",
        _ => "null",
    };

    public JsonNode? Get(string name)
    {
        foreach (var m in Members) if (m.Key == name) return m.Value;
        return null;
    }

    /// <summary>Parses a whole JSON document; syntax errors become <see cref="InputException"/>.</summary>
    public static JsonNode Parse(byte[] utf8, string file)
    {
        var lineStarts = LineStarts(utf8);
        var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip });
        try
        {
            if (!reader.Read()) throw new InputException(file, 1, "expected a JSON document, found an empty file");
            var root = ReadValue(ref reader, lineStarts);
            if (reader.Read()) throw new InputException(file, LineOf(lineStarts, reader.TokenStartIndex), "expected the end of the document, found more JSON");
            return root;
        }
        catch (JsonException e)
        {
            int line = (int)(e.LineNumber ?? 0) + 1;
            throw new InputException(file, line, "expected valid JSON, found a syntax error: " + FirstSentence(e.Message));
        }
    }

    public static JsonNode ParseFile(string path)
    {
        if (!System.IO.File.Exists(path)) throw new InputException(path, 0, "expected an existing file, found none");
        return Parse(System.IO.File.ReadAllBytes(path), path);
    }

    private static JsonNode ReadValue(ref Utf8JsonReader reader, List<long> lineStarts)
    {
        int line = LineOf(lineStarts, reader.TokenStartIndex);
        switch (reader.TokenType)
        {
            case JsonTokenType.StartObject:
            {
                var node = new JsonNode(JsonKind.Object, line);
                while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
                {
                    string name = reader.GetString()!;
                    reader.Read();
                    node.Members.Add(new(name, ReadValue(ref reader, lineStarts)));
                }
                return node;
            }
            case JsonTokenType.StartArray:
            {
                var node = new JsonNode(JsonKind.Array, line);
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                    node.Items.Add(ReadValue(ref reader, lineStarts));
                return node;
            }
            case JsonTokenType.String: return new JsonNode(JsonKind.String, line) { Text = reader.GetString() };
            case JsonTokenType.Number: return new JsonNode(JsonKind.Number, line) { Number = reader.GetDouble() };
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

    private static string FirstSentence(string message)
    {
        int cut = message.IndexOf(". ", StringComparison.Ordinal);
        return (cut > 0 ? message[..cut] : message).TrimEnd('.');
    }
}
