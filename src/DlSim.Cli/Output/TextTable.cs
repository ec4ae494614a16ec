namespace DlSim.Cli.Output;

/// <summary>A plain-text table with aligned columns: numeric columns right-aligned, text columns left-aligned.</summary>
public sealed class TextTable(params string[] headers)
{
    private readonly List<string[]> _rows = [];

    public void Add(params string[] cells) => _rows.Add(cells);

    /// <summary>The same columns and cells for an HTML report.</summary>
    public Plots.Reports.ReportTable ToReport(string caption) => new(caption, headers, [.. _rows]);

    public void WriteTo(TextWriter writer)
    {
        var widths = new int[headers.Length];
        var numeric = new bool[headers.Length];
        for (int c = 0; c < headers.Length; c++)
        {
            widths[c] = headers[c].Length;
            numeric[c] = c > 0;
            foreach (var row in _rows)
            {
                widths[c] = Math.Max(widths[c], row[c].Length);
                if (row[c].Length > 0 && !IsNumeric(row[c])) numeric[c] = false;
            }
        }
        WriteRow(writer, headers, widths, numeric);
        writer.WriteLine(string.Join("  ", widths.Select(w => new string('-', w))));
        foreach (var row in _rows) WriteRow(writer, row, widths, numeric);
    }

    /// <summary>A number, a percentage, or "-" for a missing figure.</summary>
    private static bool IsNumeric(string cell) => cell == "-" || char.IsAsciiDigit(cell[0]) || (cell[0] == '-' && cell.Length > 1 && char.IsAsciiDigit(cell[1]));

    private static void WriteRow(TextWriter writer, string[] cells, int[] widths, bool[] numeric)
    {
        var parts = new string[cells.Length];
        for (int c = 0; c < cells.Length; c++) parts[c] = numeric[c] ? cells[c].PadLeft(widths[c]) : cells[c].PadRight(widths[c]);
        writer.WriteLine(string.Join("  ", parts).TrimEnd());
    }
}
