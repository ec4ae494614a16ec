using System.Text;
using ScottPlot;

namespace DlSim.Plots.Reports;

/// <summary>Draws ScottPlot panels as an SVG document fit to be placed inline in an HTML page.</summary>
public static class SvgFigures
{
    public static ReportFigure Render(string id, string caption, string font, int width, int height, params Plot[] panels)
    {
        var bytes = PlotImages.Render(PlotImages.Panels(font, panels), width, height, ImageKind.Svg);
        return new ReportFigure(id, caption, Inline(Encoding.UTF8.GetString(bytes), width, height));
    }

    /// <summary>
    /// Drops the XML declaration (not allowed inside HTML) and gives the root a viewBox, so the browser scales the
    /// drawing to the page's width instead of cropping it.
    /// </summary>
    internal static string Inline(string svg, int width, int height)
    {
        string text = svg.TrimStart('\uFEFF').TrimStart();
        if (text.StartsWith("<?xml", StringComparison.Ordinal))
            text = text[(text.IndexOf("?>", StringComparison.Ordinal) + 2)..].TrimStart();
        int root = text.IndexOf("<svg", StringComparison.Ordinal);
        if (root < 0) throw new InvalidOperationException("the plot renderer returned no <svg> element");
        if (!text.Contains("viewBox", StringComparison.Ordinal))
            text = text.Insert(root + 4, $" viewBox=\"0 0 {width} {height}\"");
        return text;
    }
}
