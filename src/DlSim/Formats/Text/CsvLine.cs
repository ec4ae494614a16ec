namespace DlSim.Formats.Text;

/// <summary>Splits one CSV line (RFC 4180 quoting; no embedded newlines) into fields.</summary>
public static class CsvLine
{
    /// <returns>The fields, or null when a quote is left open.</returns>
    public static List<string>? Split(string line)
    {
        var fields = new List<string>();
        var current = new System.Text.StringBuilder();
        bool quoted = false;
        for (int i = 0; i < line.Length; i++)
        {
            char c = line[i];
            if (quoted)
            {
                if (c != '"') current.Append(c);
                else if (i + 1 < line.Length && line[i + 1] == '"') { current.Append('"'); i++; }
                else quoted = false;
            }
            else if (c == '"') quoted = true;
            else if (c == ',') { fields.Add(current.ToString()); current.Clear(); }
            else current.Append(c);
        }
        if (quoted) return null;
        fields.Add(current.ToString());
        return fields;
    }

    /// <summary>Quotes a field when it holds a comma, quote or leading/trailing space (as Python's csv module does).</summary>
    public static string Quote(string field) =>
        field.IndexOfAny([',', '"', '\r', '\n']) >= 0 ? "\"" + field.Replace("\"", "\"\"") + "\"" : field;
}
