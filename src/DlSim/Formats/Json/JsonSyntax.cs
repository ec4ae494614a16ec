using System.Text;

namespace DlSim.Formats.Json;

/// <summary>
/// Turns System.Text.Json's syntax messages ("'0xEF' is an invalid start of a value", "Expected depth
/// to be zero at the end of the JSON payload") into "expected X, found Y" in plain words, naming what
/// stands at the error's position.
/// </summary>
public static class JsonSyntax
{
    private static readonly (string Marker, string Expected)[] Known =
    [
        ("invalid start of a value", "a value (an object, list, string, number, true, false or null)"),
        ("after a single JSON value", "the end of the document after its value"),
        ("after a property name", "':' after a field name"),
        ("invalid start of a property name", "a field name in double quotes"),
        ("invalid after a value", "',' or a closing '}' or ']' after a value"),
        ("End of string", "a closing '\"' of the string"),
        ("end of string", "a closing '\"' of the string"),
        ("end of comment", "a comment that is closed with */"),
        ("within a JSON string", "control characters in a string to be escaped (\\n, \\t, ...)"),
        ("after escape within", "a valid escape (\\\", \\\\, \\/, \\b, \\f, \\n, \\r, \\t or \\uXXXX) in a string"),
        ("hex character", "four hexadecimal digits after \\u in a string"),
        ("JSON literal", "true, false or null"),
        ("number", "a number written as in JSON (digits, an optional fraction and exponent)"),
        ("leading zero", "a number without leading zeros"),
        ("trailing comma", "a value after ','"),
        ("without a matching open", "brackets that match"),
        ("comment", "a comment that is closed"),
        ("does not contain any JSON tokens", "a JSON document"),
    ];

    /// <param name="message">The reader's message (never shown).</param>
    /// <param name="utf8">The document.</param>
    /// <param name="offset">Byte offset of the problem in <paramref name="utf8"/>.</param>
    public static string Describe(string message, byte[] utf8, long offset, int maxDepth)
    {
        if (message.Contains("maximum configured depth", StringComparison.Ordinal))
            return $"expected at most {maxDepth} levels of nested objects and lists, found more";
        string expected = "valid JSON";
        bool atEnd = offset >= utf8.Length || utf8.AsSpan((int)Math.Max(offset, 0)).Trim(" \t\r\n"u8).IsEmpty;
        if (atEnd && !message.Contains("string", StringComparison.Ordinal) && !message.Contains("comment", StringComparison.Ordinal))
            return "expected the rest of the document (every '{' and '[' closed), found the end of the file";
        foreach (var (marker, words) in Known)
            if (message.Contains(marker, StringComparison.Ordinal)) { expected = words; break; }
        return $"expected {expected}, found {At(utf8, offset)}";
    }

    /// <summary>"'x'", "the character U+00E9" or "the end of the file": what stands at <paramref name="offset"/>.</summary>
    private static string At(byte[] utf8, long offset)
    {
        if (offset < 0 || offset >= utf8.Length) return "the end of the file";
        byte b = utf8[offset];
        if (b is >= 0x21 and < 0x7F) return $"'{(char)b}'";
        if (b < 0x80) return b switch
        {
            (byte)' ' => "a space",
            (byte)'\n' => "the end of the line",
            (byte)'\r' => "the end of the line",
            (byte)'\t' => "a tab",
            _ => $"the control character 0x{b:X2}",
        };
        return Rune.DecodeFromUtf8(utf8.AsSpan((int)offset), out var rune, out _) == System.Buffers.OperationStatus.Done
            ? $"the character U+{rune.Value:X4}"
            : $"the byte 0x{b:X2}";
    }
}
