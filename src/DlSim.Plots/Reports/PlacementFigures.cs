using DlSim.Search;
using ScottPlot;
using static System.FormattableString;

namespace DlSim.Plots.Reports;

/// <summary>The figures of a placement search's report: the groups chosen on the cluster's GPUs, and how the best objective grew.</summary>
public static class PlacementFigures
{
    public static IReadOnlyList<ReportFigure> All(PlacementResult result, IReadOnlyList<SearchLogEntry> improvements, string objective, string font)
    {
        var time = SearchPlots.Panel(SearchPlots.Steps(improvements, e => e.TimeS), "search time (s)", objective);
        var evaluations = SearchPlots.Panel(SearchPlots.Steps(improvements, e => e.Evaluation), "evaluations", objective);
        time.Title($"Best {objective} against time");
        evaluations.Title($"Best {objective} against evaluations");
        return
        [
            SvgFigures.Render("groups", "GPU groups chosen", font, 1200, 420, Groups(result, font)),
            SvgFigures.Render("search-progress", "Search progress", font, 1200, 820, time, evaluations),
        ];
    }

    /// <summary>One bar per group over the GPUs it holds, labelled with its configuration and models; unused GPUs stay empty.</summary>
    private static Plot Groups(PlacementResult result, string font)
    {
        var plot = new Plot();
        var palette = new ScottPlot.Palettes.Category10();
        for (int i = 0; i < result.Groups.Count; i++)
        {
            var g = result.Groups[i];
            double left = g.FirstGpu - 0.45, right = g.FirstGpu + g.Config.Gpus - 0.55;
            var rect = plot.Add.Rectangle(left, right, 0, 1);
            rect.FillStyle.Color = palette.GetColor(i).WithAlpha(0.75);
            rect.LineStyle.Color = palette.GetColor(i).Darken(0.4);
            var label = plot.Add.Text(Invariant($"group {i}: {g.Config}\nmodels {string.Join(",", g.Models)}"), (left + right) / 2, 0.5);
            label.LabelAlignment = Alignment.MiddleCenter;
            label.LabelFontSize = 13;
            // Text plottables keep their own font: without this the labels fall back to a serif face.
            label.LabelFontName = font;
        }
        int gpus = Math.Max(result.UsableGpus, result.Groups.Count == 0 ? 1 : result.Groups.Max(g => g.FirstGpu + g.Config.Gpus));
        plot.Axes.SetLimits(-0.6, gpus - 0.4, -0.1, 1.1);
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(
            Enumerable.Range(0, gpus).Select(g => (double)g).ToArray(), Enumerable.Range(0, gpus).Select(g => Invariant($"GPU {g}")).ToArray());
        plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericManual([], []);
        plot.Title(Invariant($"{result.Groups.Count} groups on {result.GpusUsed} of {result.UsableGpus} GPUs"));
        plot.XLabel("GPU (cluster-wide index)");
        return plot;
    }
}
