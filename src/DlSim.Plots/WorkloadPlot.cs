using ScottPlot;
using SkiaSharp;
using System.Globalization;
using DlSim.Formats.Files;
using DlSim.Foundation;

namespace DlSim.Plots;

/// <summary>Which plots of a workload to draw. CLI names are the lower-case member names.</summary>
public enum PlotKind
{
    /// <summary>Requests per second per model over time.</summary>
    Rate,
    /// <summary>Histogram of inter-arrival gaps per model and overall, log-scaled.</summary>
    Gaps,
    /// <summary>Both, one above the other.</summary>
    Both,
}

/// <summary>Image file formats, chosen by the output's extension.</summary>
public enum ImageKind { Png, Svg }

/// <summary>How a workload plot is drawn; the defaults are what <c>dlsim workload plot</c> uses.</summary>
public sealed record WorkloadPlotOptions
{
    public PlotKind Kind { get; init; } = PlotKind.Both;
    public double BinS { get; init; } = 1;
    public string FontPath { get; init; } = PlotFont.DefaultPath;
    public int Width { get; init; } = 1200;
    /// <summary>Height of each panel in pixels (a "both" image is two panels high).</summary>
    public int PanelHeight { get; init; } = 520;
}

/// <summary>Draws <see cref="TrafficBins"/> with ScottPlot and writes the image atomically.</summary>
public static class WorkloadPlot
{
    /// <summary>The image format an output name asks for: <c>.png</c> or <c>.svg</c> (any case); anything else is bad input on <paramref name="flag"/>.</summary>
    public static ImageKind FormatOf(string path, string flag)
    {
        string ext = Path.GetExtension(path).ToLowerInvariant();
        return ext switch
        {
            ".png" => ImageKind.Png,
            ".svg" => ImageKind.Svg,
            _ => throw new InputException(flag, 0, $"expected an output file name ending .png or .svg, found \"{path}\""),
        };
    }

    /// <summary>Renders and writes to a temporary file, then renames it into place.</summary>
    public static void Write(TrafficBins bins, WorkloadPlotOptions options, string path, string flag = "--output")
    {
        var format = FormatOf(path, flag);
        var bytes = Render(bins, options, format);
        AtomicFile.Write(path, stream => stream.Write(bytes));
    }

    public static byte[] Render(TrafficBins bins, WorkloadPlotOptions options, ImageKind format)
    {
        string font = PlotFont.Load(options.FontPath);
        var multiplot = new Multiplot();
        multiplot.Subplots.Remove(multiplot.GetPlot(0));
        if (options.Kind is PlotKind.Rate or PlotKind.Both) multiplot.AddPlot(RatePlot(bins));
        if (options.Kind is PlotKind.Gaps or PlotKind.Both) multiplot.AddPlot(GapPlot(bins));
        foreach (var plot in multiplot.GetPlots()) plot.Font.Set(font);
        int width = options.Width, height = options.PanelHeight * multiplot.Count();
        return PlotImages.Render(multiplot, width, height, format);
    }

    /// <summary>One line per model: requests in each bin ÷ the bin's width, at the bin's centre.</summary>
    private static Plot RatePlot(TrafficBins bins)
    {
        var plot = new Plot();
        var xs = bins.BinCentres();
        double top = 0;
        for (int m = 0; m < bins.Header.ModelCount; m++)
        {
            var ys = bins.RatesPerSecond(m);
            foreach (double y in ys) top = Math.Max(top, y);
            var line = plot.Add.ScatterLine(xs, ys);
            line.LineWidth = 1.5f;
            line.LegendText = Invariant($"model {m} ({bins.RequestsOf(m)} requests, {bins.RequestsOf(m) / Math.Max(bins.SpanS, bins.BinS):0.###} /s)");
        }
        plot.Title(Invariant($"{bins.Header.Name}: requests per second per model ({bins.BinS:0.###} s bins)"));
        plot.XLabel("time (s)");
        plot.YLabel("requests per second");
        plot.Axes.SetLimits(0, Math.Max(bins.SpanS, bins.BinS), 0, HeadRoom(top));
        plot.ShowLegend(Alignment.UpperRight);
        plot.Axes.Right.MinimumSize = EdgeRoom;
        return plot;
    }

    /// <summary>Share of each model's gaps (and all models', dashed) in each log-spaced bin, plotted against log10 of the gap.</summary>
    private static Plot GapPlot(TrafficBins bins)
    {
        var plot = new Plot();
        int models = bins.Header.ModelCount;
        var (first, last) = OccupiedRange(bins);
        int n = last - first + 1;
        var xs = new double[n];
        for (int i = 0; i < n; i++) xs[i] = TrafficBins.FirstDecade + (first + i + 0.5) / TrafficBins.BinsPerDecade;
        double top = 0;
        for (int series = 0; series <= models; series++)
        {
            long gaps = Math.Max(1, bins.RequestsOf(series) - 1);
            var ys = new double[n];
            for (int i = 0; i < n; i++) ys[i] = bins.GapCounts[series][first + i] / (double)gaps;
            foreach (double y in ys) top = Math.Max(top, y);
            var line = plot.Add.ScatterLine(xs, ys);
            line.LineWidth = series == models ? 2.5f : 1.5f;
            if (series == models)
            {
                line.Color = Colors.Black;
                line.LinePattern = LinePattern.Dashed;
            }
            line.LegendText = series == models ? Invariant($"all models ({bins.Requests} requests)") : Invariant($"model {series}");
        }
        if (bins.Requests > 1 && bins.SpanS > 0)
        {
            // Exponential gaps at the overall rate put e^(-λa) − e^(-λb) of them in [a, b): the Poisson reference.
            double rate = bins.Requests / bins.SpanS;
            var ys = new double[n];
            for (int i = 0; i < n; i++)
                ys[i] = Math.Exp(-rate * TrafficBins.GapEdge(first + i)) - Math.Exp(-rate * TrafficBins.GapEdge(first + i + 1));
            var poisson = plot.Add.ScatterLine(xs, ys);
            poisson.Color = Colors.Gray;
            poisson.LinePattern = LinePattern.Dotted;
            poisson.LineWidth = 2;
            poisson.LegendText = Invariant($"Poisson at the overall rate ({rate:0.###} /s)");
            foreach (double y in ys) top = Math.Max(top, y);
        }
        plot.Title(Invariant($"{bins.Header.Name}: inter-arrival gaps ({TrafficBins.BinsPerDecade} log bins per decade)"));
        plot.XLabel("gap between successive requests (log scale)");
        plot.YLabel("fraction of the gaps in each bin");
        var ticks = new ScottPlot.TickGenerators.NumericAutomatic
        {
            LabelFormatter = Seconds,
            IntegerTicksOnly = true,
            MinorTickGenerator = new ScottPlot.TickGenerators.LogMinorTickGenerator(),
        };
        plot.Axes.Bottom.TickGenerator = ticks;
        plot.Axes.SetLimits(xs[0] - 0.5 / TrafficBins.BinsPerDecade, xs[^1] + 0.5 / TrafficBins.BinsPerDecade, 0, HeadRoom(top));
        plot.ShowLegend(Alignment.UpperLeft); // short gaps are rare: the left is the emptier side
        plot.Axes.Right.MinimumSize = EdgeRoom;
        return plot;
    }

    /// <summary>Pixels right of the data area, so the last x tick label is not cut off.</summary>
    private const float EdgeRoom = 40;

    /// <summary>Top of the y axis: the highest value plus room for the legend.</summary>
    private static double HeadRoom(double top) => top > 0 ? top * 1.2 : 1;

    /// <summary>The gap bins from the first to the last that holds any gap, one decade at least.</summary>
    private static (int First, int Last) OccupiedRange(TrafficBins bins)
    {
        int first = TrafficBins.GapBins, last = -1;
        foreach (var counts in bins.GapCounts)
            for (int b = 0; b < counts.Length; b++)
                if (counts[b] > 0) { first = Math.Min(first, b); last = Math.Max(last, b); }
        if (last < 0) return (0, TrafficBins.GapBins - 1);
        int middle = (first + last) / 2, half = TrafficBins.BinsPerDecade / 2;
        return (Math.Max(0, Math.Min(first, middle - half)), Math.Min(TrafficBins.GapBins - 1, Math.Max(last, middle + half)));
    }

    /// <summary>log10 seconds → "1 µs", "10 ms", "1 s", "100 s".</summary>
    internal static string Seconds(double log10)
    {
        double s = Math.Pow(10, log10);
        (double scale, string unit) = s < 1e-3 ? (1e6, "µs") : s < 1 ? (1e3, "ms") : (1, "s");
        return Invariant($"{s * scale:0.###} {unit}");
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
