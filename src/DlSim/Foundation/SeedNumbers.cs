using System.Globalization;

namespace DlSim.Foundation;

/// <summary>Strict number parsing for the seed's text formats: finite values only, no code evaluated.</summary>
public static class SeedNumbers
{
    public static bool TryDouble(ReadOnlySpan<char> text, out double value) =>
        double.TryParse(text.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out value) && double.IsFinite(value);

    public static bool TryInt(ReadOnlySpan<char> text, out int value) =>
        int.TryParse(text.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value);

    /// <summary>Parses a bracketed list of numbers such as <c>[0.8, 0.2]</c>; null when malformed.</summary>
    public static double[]? TryList(string text)
    {
        string t = text.Trim();
        if (t.Length < 2 || t[0] != '[' || t[^1] != ']') return null;
        string inner = t[1..^1].Trim();
        if (inner.Length == 0) return [];
        var parts = inner.Split(',');
        var values = new double[parts.Length];
        for (int i = 0; i < parts.Length; i++)
            if (!TryDouble(parts[i], out values[i])) return null;
        return values;
    }
}
