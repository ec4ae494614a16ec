using DlSim.Metrics;
using ScottPlot;
using static System.FormattableString;

namespace DlSim.Plots.Reports;

/// <summary>A Gantt-like view: one row per GPU, one bar per stage run, coloured by replica.</summary>
internal static class StageGantt
{
    /// <summary>Above this many replicas the legend would crowd the plot; bars keep their colours without it.</summary>
    private const int MaxLegendReplicas = 12;

    public static int Height(int gpus) => Math.Clamp(140 + 34 * gpus, 320, 1400);

    public static Plot Plot(StageWindow window, IReadOnlyList<GpuReport> gpus)
    {
        var plot = new Plot();
        var palette = new ScottPlot.Palettes.Category10();
        var named = new HashSet<int>();
        int replicas = window.Bars.Select(b => b.Replica).Distinct().Count();
        foreach (var bar in window.Bars)
        {
            double left = Math.Max(bar.StartS, window.FromS), right = Math.Min(bar.EndS, window.ToS);
            if (!(right > left)) continue;
            var rect = plot.Add.Rectangle(left, right, bar.Gpu - 0.38, bar.Gpu + 0.38);
            var color = palette.GetColor(bar.Replica);
            rect.FillStyle.Color = color;
            rect.LineStyle.Color = color.Darken(0.35);
            rect.LineStyle.Width = 0.6f;
            if (replicas <= MaxLegendReplicas && named.Add(bar.Replica)) rect.LegendText = Invariant($"replica {bar.Replica}");
        }
        var ticks = Enumerable.Range(0, gpus.Count).Select(g => (double)g).ToArray();
        var labels = gpus.Select(g => Invariant($"node {g.Node} / GPU {g.Gpu}")).ToArray();
        plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericManual(ticks, labels);
        plot.Axes.SetLimits(window.FromS, window.ToS, gpus.Count - 0.5, -0.5);
        plot.Title(Invariant($"Stage runs per GPU, {window.Bars.Count} bars, coloured by replica"));
        plot.XLabel("time (s)");
        if (named.Count > 0) plot.ShowLegend(Alignment.UpperRight);
        return plot;
    }
}
