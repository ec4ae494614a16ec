using DlSim.Formats.Files;
using DlSim.Llm;
using ScottPlot;

namespace DlSim.Plots;

/// <summary>
/// <c>llm plan --plot FILE</c>: SLO attainment against GPUs for every layout simulated, one marker series per kind of
/// layout (plain replicas, pipelined replicas, prefill/decode splits), the target as a dashed line and the chosen
/// layout named.
/// </summary>
public static class LlmPlanPlot
{
    public const int Width = 1200, Height = 700;

    public static void Write(string path, IReadOnlyList<LlmLayoutOutcome> outcomes, double target, LlmLayoutOutcome? best, string font)
    {
        var kind = LlmPlots.KindOf(path) ?? throw new ArgumentException($"expected a .png or .svg path, found {path}", nameof(path));
        var bytes = PlotImages.Render(PlotImages.Panels(font, Plot(outcomes, target, best)), Width, Height, kind);
        AtomicFile.Write(path, s => s.Write(bytes));
    }

    public static Plot Plot(IReadOnlyList<LlmLayoutOutcome> outcomes, double target, LlmLayoutOutcome? best)
    {
        var plot = new Plot();
        var kinds = new (string Label, Func<LlmLayout, bool> Is, MarkerShape Shape)[]
        {
            ("replicas (pp1)", l => !l.Disaggregated && l.Stages == 1, MarkerShape.FilledCircle),
            ("pipelined replicas (pp ≥ 2)", l => !l.Disaggregated && l.Stages > 1, MarkerShape.FilledSquare),
            ("prefill + decode replicas", l => l.Disaggregated, MarkerShape.FilledTriangleUp),
        };
        foreach (var (label, isKind, shape) in kinds)
        {
            var group = outcomes.Where(o => isKind(o.Layout)).ToList();
            if (group.Count == 0) continue;
            var points = plot.Add.ScatterPoints(group.Select(o => (double)o.Gpus).ToArray(), group.Select(o => o.Attainment * 100).ToArray());
            points.LegendText = label;
            points.MarkerShape = shape;
            points.MarkerSize = 9;
        }
        var line = plot.Add.HorizontalLine(target * 100);
        line.LinePattern = LinePattern.Dashed;
        line.LegendText = $"target {target * 100:0.#} %";
        if (best is not null)
        {
            var chosen = plot.Add.ScatterPoints(new[] { (double)best.Gpus }, new[] { best.Attainment * 100 });
            chosen.MarkerShape = MarkerShape.OpenCircle;
            chosen.MarkerSize = 22;
            chosen.MarkerLineWidth = 2;
            chosen.LegendText = $"chosen: {best.Layout.Name}, {best.Attainment * 100:0.0} %";
        }
        plot.Title(best is null ? "SLO attainment by layout: no layout reaches the target" : $"SLO attainment by layout: fewest GPUs {best.Gpus}, as {best.Layout.Name}");
        plot.XLabel("GPUs");
        plot.YLabel("requests within the SLOs (%)");
        plot.Axes.SetLimitsY(0, 105);
        plot.Axes.SetLimitsX(0, outcomes.Max(o => o.Gpus) + 1);
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericFixedInterval(Math.Max(1, outcomes.Max(o => o.Gpus) / 16));
        plot.ShowLegend(Alignment.LowerRight);
        return plot;
    }
}
