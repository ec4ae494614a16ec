using System.Globalization;
using System.Text;

namespace DlSim.Foundation;

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

    /// <summary>Escapes control characters (as \n, \t, \r or \u001B) and cuts the result to at most
    /// <paramref name="max"/> characters plus "…" (escapes count at their printed length).</summary>
    public static string Clean(string text, int max)
    {
        bool needsEscape = false;
        for (int i = 0; i < text.Length && i <= max && !needsEscape; i++) needsEscape = IsControl(text[i]);
        if (!needsEscape && text.Length <= max) return text;
        var sb = new StringBuilder(Math.Min(text.Length, max) + 8);
        int next = 0;
        for (; next < text.Length; next++)
        {
            char c = text[next];
            string piece = c switch
            {
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                _ when IsControl(c) => "\\u" + ((int)c).ToString("X4", CultureInfo.InvariantCulture),
                _ when char.IsHighSurrogate(c) && next + 1 < text.Length => text.Substring(next, 2),
                _ => c.ToString(),
            };
            if (sb.Length + piece.Length > max) break;
            sb.Append(piece);
            if (piece.Length == 2 && char.IsHighSurrogate(piece[0])) next++;
        }
        if (next < text.Length) sb.Append('…');
        return sb.ToString();
    }

    /// <summary>C0 and C1 controls, DEL, and the bidirectional overrides that can disguise text.</summary>
    private static bool IsControl(char c) =>
        c < 0x20 || c is >= '\u007F' and <= '\u009F' || c is >= '\u202A' and <= '\u202E' || c is >= '\u2066' and <= '\u2069';
}
