using ScottPlot;
using DlSim.Analysis;
using DlSim.Formats.Files;
using static System.FormattableString;

namespace DlSim.Plots;

/// <summary><c>compare --plot DIR</c>: simulated and real latency per request, and every event's error over time.</summary>
public static class ComparisonPlots
{
    /// <summary>Writes <c>latency_per_request.EXT</c> and <c>error_over_time.EXT</c> into <paramref name="dir"/>; returns their paths.</summary>
    /// <param name="report">A comparison made with <c>keepSeries: true</c>.</param>
    public static IReadOnlyList<string> WriteAll(ComparisonReport report, string dir, ImageKind format, string fontPath = PlotFont.DefaultPath)
    {
        var series = report.Series ?? throw new ArgumentException("the comparison kept no series (keepSeries: false)", nameof(report));
        string font = PlotFont.Load(fontPath);
        string ext = format == ImageKind.Png ? ".png" : ".svg";
        var written = new List<string>();
        foreach (var (name, plot) in new[] { ("latency_per_request", Latency(report, series)), ("error_over_time", Errors(report, series)) })
        {
            string path = Path.Combine(dir, name + ext);
            var bytes = PlotImages.Render(PlotImages.Panels(font, plot), 1200, 620, format);
            AtomicFile.Write(path, s => s.Write(bytes));
            written.Add(path);
        }
        return written;
    }

    internal static Plot Latency(ComparisonReport report, ComparisonSeries series)
    {
        var plot = new Plot();
        var l = report.Latency;
        AddMarkers(plot, series.ArrivalS, Ms(series.RealLatencyS), Invariant($"real (mean {l.RealMeanS * 1000:0.##} ms, p99 {l.RealP99S * 1000:0.##} ms)"), 4);
        AddMarkers(plot, series.ArrivalS, Ms(series.SimLatencyS), Invariant($"simulated (mean {l.SimMeanS * 1000:0.##} ms, p99 {l.SimP99S * 1000:0.##} ms)"), 2.5f);
        plot.Title("Latency per request: simulated vs real");
        plot.XLabel("arrival (s)");
        plot.YLabel("latency (ms)");
        plot.ShowLegend(Alignment.UpperRight);
        return plot;
    }

    internal static Plot Errors(ComparisonReport report, ComparisonSeries series)
    {
        var plot = new Plot();
        AddMarkers(plot, series.EventRealS, Ms(series.EventErrorS),
            Invariant($"stage start or end: mean |error| {report.MeanAbsErrorS * 1000:0.###} ms, max {report.MaxAbsErrorS * 1000:0.###} ms"), 2.5f);
        foreach (double sign in new[] { 1.0, -1.0 })
        {
            var limit = plot.Add.HorizontalLine(sign * TraceComparison.WithinS * 1000, 1.5f, Colors.Gray, LinePattern.Dashed);
            if (sign > 0) limit.LegendText = Invariant($"±{TraceComparison.WithinS * 1000:0} ms");
        }
        plot.Title("Error of every stage start and end over time (simulated − real)");
        plot.XLabel("real time of the event (s)");
        plot.YLabel("error (ms)");
        plot.ShowLegend(Alignment.UpperRight);
        return plot;
    }

    private static void AddMarkers(Plot plot, double[] xs, double[] ys, string label, float size)
    {
        var markers = plot.Add.ScatterPoints(xs, ys);
        markers.MarkerSize = size;
        markers.LegendText = label;
    }

    private static double[] Ms(double[] seconds) => seconds.Select(s => s * 1000).ToArray();
}
