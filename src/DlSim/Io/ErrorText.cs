using System.Globalization;
using System.Text;

namespace DlSim.Io;

/// <summary>
/// Makes text from an input safe to print in an error line: control characters are escaped (an escape
/// sequence in a file must not reach the terminal) and long values are cut with "…" (a 10 MB field
/// must not be echoed whole).
/// </summary>
public static class ErrorText
{
    /// <summary>Longest value quoted in an error, in characters.</summary>
    public const int MaxValueLength = 80;

    /// <summary>Longest error line printed, in characters (the file name and message together).</summary>
    public const int MaxLineLength = 400;

    /// <summary>The value in double quotes, escaped and cut to <see cref="MaxValueLength"/>.</summary>
    public static string Quote(string value) => "\"" + Clean(value, MaxValueLength) + "\"";

    /// <summary>Escapes control characters (as \n, \t, \r or \u001B) and cuts the text to <paramref name="max"/> characters plus "…".</summary>
    public static string Clean(string text, int max)
    {
        int limit = Math.Min(text.Length, max);
        if (limit < text.Length && limit > 0 && char.IsHighSurrogate(text[limit - 1])) limit--;
        bool cut = limit < text.Length;
        bool needsEscape = false;
        for (int i = 0; i < limit && !needsEscape; i++) needsEscape = IsControl(text[i]);
        if (!cut && !needsEscape) return text;
        var sb = new StringBuilder(limit + 8);
        for (int i = 0; i < limit; i++)
        {
            char c = text[i];
            if (c == '\n') sb.Append("\\n");
            else if (c == '\r') sb.Append("\\r");
            else if (c == '\t') sb.Append("\\t");
            else if (IsControl(c)) sb.Append("\\u").Append(((int)c).ToString("X4", CultureInfo.InvariantCulture));
            else sb.Append(c);
        }
        if (cut) sb.Append('…');
        return sb.ToString();
    }

    /// <summary>C0 and C1 controls, DEL, and the bidirectional overrides that can disguise text.</summary>
    private static bool IsControl(char c) =>
        c < 0x20 || c is >= '\u007F' and <= '\u009F' || c is >= '\u202A' and <= '\u202E' || c is >= '\u2066' and <= '\u2069';
}
