using DlSim.Metrics;
using ScottPlot;
using static System.FormattableString;

namespace DlSim.Plots.Reports;

/// <summary>The figures of a simulation's report: latency CDF and latency over time per model, utilisation and queue per GPU, a window of stage runs.</summary>
public static class SimulationFigures
{
    public const int Width = 1200, Height = 560;

    /// <summary>Every figure the report's data allows (a report without timelines gets only what it has).</summary>
    public static IReadOnlyList<ReportFigure> All(SimulationReport report, string font)
    {
        var figures = new List<ReportFigure>();
        if (report.LatencyCurves is { } curves)
            figures.Add(SvgFigures.Render("latency-cdf", "Latency CDF per model", font, Width, Height, SimulationPlots.LatencyCdf(report, curves)));
        if (report.LatencyTimeline is { } latency)
            figures.Add(SvgFigures.Render("latency-over-time", "Latency over time per model (by arrival time)", font, Width, Height, LatencyOverTime(latency)));
        if (report.Timeline is { } timeline)
            figures.Add(SvgFigures.Render("utilization", "GPU utilisation over time", font, Width, Height, SimulationPlots.Utilization(report, timeline)));
        if (report.QueueTimeline is { } queue)
            figures.Add(SvgFigures.Render("queue", "Requests waiting per GPU over time", font, Width, Height, Queue(report, queue)));
        if (report.StageWindow is { Bars.Count: > 0 } window)
            figures.Add(SvgFigures.Render("gantt", Invariant($"Stage runs per GPU from {window.FromS:0.###} s to {window.ToS:0.###} s"), font, Width,
                StageGantt.Height(report.Gpus.Count), StageGantt.Plot(window, report.Gpus)));
        return figures;
    }

    private static Plot LatencyOverTime(LatencySeries series)
    {
        var plot = new Plot();
        for (int m = 0; m < series.MeanS.Length; m++)
        {
            var (xs, mean) = Finite(series.BinS, series.MeanS[m]);
            if (xs.Length == 0) continue;
            var line = plot.Add.ScatterLine(xs, mean);
            line.LineWidth = 2;
            line.LegendText = Invariant($"model {m} mean");
            var (maxXs, max) = Finite(series.BinS, series.MaxS[m]);
            var peak = plot.Add.ScatterLine(maxXs, max);
            peak.Color = line.Color;
            peak.LinePattern = LinePattern.Dotted;
            peak.LegendText = Invariant($"model {m} max");
        }
        plot.Title(Invariant($"Latency over time ({series.BinS:0.###} s bins of arrival time)"));
        plot.XLabel("arrival (s)");
        plot.YLabel("latency (ms)");
        plot.ShowLegend(Alignment.UpperLeft);
        return plot;
    }

    /// <summary>Bin centres and values in ms, leaving out empty bins.</summary>
    private static (double[] X, double[] Y) Finite(double binS, double[] seconds)
    {
        var xs = new List<double>();
        var ys = new List<double>();
        for (int b = 0; b < seconds.Length; b++)
            if (double.IsFinite(seconds[b])) { xs.Add((b + 0.5) * binS); ys.Add(seconds[b] * 1000); }
        return ([.. xs], [.. ys]);
    }

    private static Plot Queue(SimulationReport report, UtilizationSeries queue)
    {
        var plot = new Plot();
        var byGpu = queue.ByGpu;
        int bins = byGpu.Length == 0 ? 0 : byGpu[0].Length;
        var xs = new double[bins];
        for (int b = 0; b < bins; b++) xs[b] = (b + 0.5) * queue.BinS;
        if (byGpu.Length <= SimulationPlots.MaxGpuLines)
            for (int g = 0; g < byGpu.Length; g++)
            {
                var line = plot.Add.ScatterLine(xs, byGpu[g]);
                line.LegendText = Invariant($"node {report.Gpus[g].Node} / GPU {report.Gpus[g].Gpu}");
            }
        else
        {
            var mean = new double[bins];
            var max = new double[bins];
            for (int b = 0; b < bins; b++)
            {
                for (int g = 0; g < byGpu.Length; g++) { mean[b] += byGpu[g][b] / byGpu.Length; max[b] = Math.Max(max[b], byGpu[g][b]); }
            }
            plot.Add.ScatterLine(xs, mean).LegendText = Invariant($"mean of {byGpu.Length} GPUs");
            plot.Add.ScatterLine(xs, max).LegendText = "largest GPU queue";
        }
        plot.Title(Invariant($"Requests waiting for each GPU, time-averaged ({queue.BinS:0.###} s bins)"));
        plot.XLabel("time (s)");
        plot.YLabel("requests waiting");
        plot.Axes.SetLimitsY(0, Math.Max(1, byGpu.SelectMany(g => g).DefaultIfEmpty(0).Max() * 1.08));
        plot.ShowLegend(Alignment.UpperLeft);
        return plot;
    }
}
