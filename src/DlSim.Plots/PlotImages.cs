using ScottPlot;
using SkiaSharp;
using DlSim.Formats.Files;

namespace DlSim.Plots;

/// <summary>Renders a figure of one or more panels to PNG or SVG bytes.</summary>
public static class PlotImages
{
    public static byte[] Render(Multiplot multiplot, int width, int height, ImageKind format)
    {
        if (format == ImageKind.Png)
        {
            using var image = multiplot.Render(width, height);
            return image.GetImageBytes(ImageFormat.Png, 100);
        }
        using var stream = new MemoryStream();
        using (var canvas = SKSvgCanvas.Create(new SKRect(0, 0, width, height), stream))
            multiplot.Render(canvas, new PixelRect(0, width, height, 0));
        return stream.ToArray();
    }

    /// <summary>Renders the panels as one figure and writes it atomically to <c>DIR/NAME.png</c> (or .svg); returns the path.</summary>
    public static string Save(string dir, string name, ImageKind format, string font, int width, int height, params Plot[] panels)
    {
        string path = Path.Combine(dir, name + (format == ImageKind.Png ? ".png" : ".svg"));
        var bytes = Render(Panels(font, panels), width, height, format);
        DlSim.Formats.Files.AtomicFile.Write(path, s => s.Write(bytes));
        return path;
    }

    /// <summary>A figure of the given panels, each drawn with <paramref name="font"/>, one under the other.</summary>
    public static Multiplot Panels(string font, params Plot[] panels)
    {
        var multiplot = new Multiplot();
        multiplot.Subplots.Remove(multiplot.GetPlot(0));
        foreach (var p in panels)
        {
            p.Font.Set(font);
            multiplot.AddPlot(p);
        }
        return multiplot;
    }

    /// <summary>A figure of the given panels in a grid of <paramref name="columns"/> columns, filled row by row.</summary>
    public static Multiplot Grid(string font, int columns, params Plot[] panels)
    {
        var multiplot = Panels(font, panels);
        multiplot.Layout = new ScottPlot.MultiplotLayouts.Grid((panels.Length + columns - 1) / columns, columns);
        return multiplot;
    }
}
