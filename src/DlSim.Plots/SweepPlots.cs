using DlSim.Formats.Sweeps;
using ScottPlot;
using System.Globalization;
using DlSim.Foundation;
using DlSim.Sweeps;

namespace DlSim.Plots;

/// <summary>
/// <c>sweep plot</c>: attainment, goodput and latency percentiles (overall) against one swept flag, one line per value of
/// another. Cases that differ only in other swept flags are averaged. Numeric x values are placed by value, others in order.
/// </summary>
public static class SweepPlots
{
    public static readonly (string Column, string Title, double Scale, string Unit)[] Panels =
    [
        ("overall.attainment", "Attainment", 100, "%"),
        ("overall.goodput_rps", "Goodput", 1, "requests/s"),
        ("overall.p50_s", "p50 latency", 1000, "ms"),
        ("overall.p99_s", "p99 latency", 1000, "ms"),
    ];

    /// <summary>Writes <c>sweep.EXT</c> (four panels) into <paramref name="dir"/>; returns its path.</summary>
    public static string Write(SweepTable table, string xColumn, string? seriesColumn, string dir, ImageKind format, string fontPath = PlotFont.DefaultPath)
    {
        string font = PlotFont.Load(fontPath);
        var plots = Plots(table, xColumn, seriesColumn);
        Directory.CreateDirectory(dir);
        return PlotImages.Save(dir, "sweep", format, font, 1400, 1000, [.. plots]);
    }

    /// <summary>One plot per entry of <see cref="Panels"/>, the swept <paramref name="xColumn"/> on the x axis.</summary>
    public static IReadOnlyList<Plot> Plots(SweepTable table, string xColumn, string? seriesColumn)
    {
        int x = Column(table, xColumn);
        int series = seriesColumn is null ? -1 : Column(table, seriesColumn);
        var xValues = table.Rows.Select(r => r[x] ?? "").Distinct().ToList();
        bool numeric = xValues.All(v => double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out _));
        if (numeric) xValues = [.. xValues.OrderBy(v => double.Parse(v, CultureInfo.InvariantCulture))];
        double Position(string v) => numeric ? double.Parse(v, CultureInfo.InvariantCulture) : xValues.IndexOf(v);
        var groups = series < 0 ? [""] : table.Rows.Select(r => r[series] ?? "").Distinct().ToList();
        var plots = new List<Plot>();
        foreach (var (column, title, scale, unit) in Panels)
        {
            int y = table.Columns.ToList().IndexOf(column);
            var plot = new Plot();
            plot.Title(title);
            plot.XLabel(xColumn);
            plot.YLabel(unit);
            if (y >= 0)
                foreach (string g in groups)
                {
                    var points = xValues.Select(v => (X: Position(v), Y: Mean(table.Rows.Where(r => (r[x] ?? "") == v && (series < 0 || (r[series] ?? "") == g)).Select(r => r[y]))))
                        .Where(p => double.IsFinite(p.Y)).ToArray();
                    if (points.Length == 0) continue;
                    var line = plot.Add.Scatter(points.Select(p => p.X).ToArray(), points.Select(p => p.Y * scale).ToArray());
                    line.MarkerSize = 6;
                    if (series >= 0) line.LegendText = $"{seriesColumn} {g}";
                }
            if (!numeric) plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(
                Enumerable.Range(0, xValues.Count).Select(i => (double)i).ToArray(), [.. xValues]);
            if (series >= 0) plot.ShowLegend(Alignment.UpperRight);
            plots.Add(plot);
        }
        return plots;
    }

    private static int Column(SweepTable table, string name)
    {
        int c = table.Columns.ToList().IndexOf(name.TrimStart('-'));
        if (c < 0) throw new InputException("sweep plot", 0, $"expected a column of the sweep ({string.Join(", ", table.Columns.Take(8))}, …), found \"{name}\"");
        return c;
    }

    private static double Mean(IEnumerable<string?> values)
    {
        double sum = 0;
        int n = 0;
        foreach (string? v in values)
            if (v is not null && double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out double d)) { sum += d; n++; }
        return n > 0 ? sum / n : double.NaN;
    }
}
