using ScottPlot;
using DlSim.Formats.Files;
using DlSim.Metrics;
using static System.FormattableString;

namespace DlSim.Plots;

/// <summary><c>simulate --plot DIR</c>: a latency CDF per model and each GPU's utilisation over time.</summary>
public static class SimulationPlots
{
    /// <summary>Above this many GPUs the timeline shows the mean and the 10th/90th percentile across GPUs instead of one line each.</summary>
    public const int MaxGpuLines = 16;

    /// <summary>Writes <c>latency_cdf.EXT</c> and (with a timeline) <c>utilization.EXT</c> into <paramref name="dir"/>; returns their paths.</summary>
    public static IReadOnlyList<string> WriteAll(SimulationReport report, string dir, ImageKind format, string fontPath = PlotFont.DefaultPath)
    {
        string font = PlotFont.Load(fontPath);
        string ext = format == ImageKind.Png ? ".png" : ".svg";
        var written = new List<string>();
        if (report.LatencyCurves is { } curves)
        {
            string path = Path.Combine(dir, "latency_cdf" + ext);
            var bytes = PlotImages.Render(PlotImages.Panels(font, LatencyCdf(report, curves)), 1200, 620, format);
            AtomicFile.Write(path, s => s.Write(bytes));
            written.Add(path);
        }
        if (report.Timeline is { } timeline)
        {
            string path = Path.Combine(dir, "utilization" + ext);
            var bytes = PlotImages.Render(PlotImages.Panels(font, Utilization(report, timeline)), 1200, 620, format);
            AtomicFile.Write(path, s => s.Write(bytes));
            written.Add(path);
        }
        return written;
    }

    internal static Plot LatencyCdf(SimulationReport report, IReadOnlyList<double[]> curves)
    {
        var plot = new Plot();
        for (int m = 0; m < curves.Count; m++)
        {
            var curve = curves[m];
            if (curve.Length == 0) continue;
            var ys = new double[curve.Length];
            var xs = new double[curve.Length];
            for (int i = 0; i < curve.Length; i++) { xs[i] = curve[i] * 1000; ys[i] = (double)i / (curve.Length - 1); }
            var line = plot.Add.ScatterLine(xs, ys);
            line.LineWidth = 2;
            var model = report.Models[m];
            line.LegendText = Invariant($"model {m} ({model.Service}): p50 {model.Latency.P50S * 1000:0.#} ms, p99 {model.Latency.P99S * 1000:0.#} ms");
        }
        plot.Title("Latency CDF per model");
        plot.XLabel("latency (ms)");
        plot.YLabel("fraction of completed requests");
        plot.Axes.SetLimitsY(0, 1.02);
        plot.ShowLegend(Alignment.LowerRight);
        return plot;
    }

    internal static Plot Utilization(SimulationReport report, UtilizationSeries timeline)
    {
        var plot = new Plot();
        var byGpu = timeline.ByGpu;
        int bins = byGpu.Length == 0 ? 0 : byGpu[0].Length;
        var xs = new double[bins];
        for (int b = 0; b < bins; b++) xs[b] = (b + 0.5) * timeline.BinS;
        if (byGpu.Length <= MaxGpuLines)
            for (int g = 0; g < byGpu.Length; g++)
            {
                var line = plot.Add.ScatterLine(xs, byGpu[g].Select(x => x * 100).ToArray());
                line.LegendText = Invariant($"node {report.Gpus[g].Node} / GPU {report.Gpus[g].Gpu}");
            }
        else
        {
            AddAcross(plot, xs, byGpu, 0.5, Invariant($"mean of {byGpu.Length} GPUs"), mean: true);
            AddAcross(plot, xs, byGpu, 0.1, "10th percentile across GPUs", mean: false);
            AddAcross(plot, xs, byGpu, 0.9, "90th percentile across GPUs", mean: false);
        }
        plot.Title(Invariant($"GPU utilisation over time ({timeline.BinS:0.###} s bins)"));
        plot.XLabel("time (s)");
        plot.YLabel("busy (%)");
        plot.Axes.SetLimitsY(0, 105);
        plot.ShowLegend(Alignment.LowerRight);
        return plot;
    }

    private static void AddAcross(Plot plot, double[] xs, double[][] byGpu, double q, string label, bool mean)
    {
        var ys = new double[xs.Length];
        var column = new double[byGpu.Length];
        for (int b = 0; b < xs.Length; b++)
        {
            for (int g = 0; g < byGpu.Length; g++) column[g] = byGpu[g][b] * 100;
            if (mean) ys[b] = column.Average();
            else
            {
                Array.Sort(column);
                ys[b] = Percentiles.OfSorted(column, q * 100);
            }
        }
        var line = plot.Add.ScatterLine(xs, ys);
        line.LegendText = label;
        line.LineWidth = mean ? 2.5f : 1.5f;
        if (!mean) line.LinePattern = LinePattern.Dashed;
    }
}
