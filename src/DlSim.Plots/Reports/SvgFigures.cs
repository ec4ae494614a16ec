using System.Text;
using System.Text.RegularExpressions;
using ScottPlot;

namespace DlSim.Plots.Reports;

/// <summary>Draws ScottPlot panels as an SVG document fit to be placed inline in an HTML page.</summary>
public static class SvgFigures
{
    public static ReportFigure Render(string id, string caption, string font, int width, int height, params Plot[] panels)
    {
        var bytes = PlotImages.Render(PlotImages.Panels(font, panels), width, height, ImageKind.Svg);
        return new ReportFigure(id, caption, Inline(id, Encoding.UTF8.GetString(bytes), width, height));
    }

    /// <summary>
    /// Drops the XML declaration (not allowed inside HTML), gives the root a viewBox, so the browser scales the drawing to
    /// the page's width instead of cropping it, and renames its element ids <c>FIGURE-1</c>, <c>FIGURE-2</c>, …: the
    /// renderer numbers clip paths from a counter shared by the process, so without this two figures of one page could
    /// share an id, and the same run would not write the same bytes.
    /// </summary>
    internal static string Inline(string figureId, string svg, int width, int height)
    {
        string text = svg.TrimStart('\uFEFF').TrimStart();
        if (text.StartsWith("<?xml", StringComparison.Ordinal))
            text = text[(text.IndexOf("?>", StringComparison.Ordinal) + 2)..].TrimStart();
        int root = text.IndexOf("<svg", StringComparison.Ordinal);
        if (root < 0) throw new InvalidOperationException("the plot renderer returned no <svg> element");
        if (!text.Contains("viewBox", StringComparison.Ordinal))
            text = text.Insert(root + 4, $" viewBox=\"0 0 {width} {height}\"");
        return RenameIds(figureId, text);
    }

    private static readonly Regex IdAttribute = new(@"\bid=""([^""]+)""", RegexOptions.CultureInvariant);

    private static string RenameIds(string figureId, string svg)
    {
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (Match m in IdAttribute.Matches(svg))
            names.TryAdd(m.Groups[1].Value, $"{figureId}-{names.Count + 1}");
        if (names.Count == 0) return svg;
        string Renamed(Match m) => names.TryGetValue(m.Groups[2].Value, out string? name) ? m.Groups[1].Value + name + m.Groups[3].Value : m.Value;
        svg = IdAttribute.Replace(svg, m => names.TryGetValue(m.Groups[1].Value, out string? name) ? $"id=\"{name}\"" : m.Value);
        svg = Regex.Replace(svg, @"(url\(#)([^)""]+)(\))", Renamed);
        return Regex.Replace(svg, @"(href=""#)([^""]+)("")", Renamed);
    }
}
