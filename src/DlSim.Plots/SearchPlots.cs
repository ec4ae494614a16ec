using ScottPlot;
using DlSim.Search;

namespace DlSim.Plots;

/// <summary><c>place --plot DIR</c>: how the best objective grew, against time and against evaluations.</summary>
public static class SearchPlots
{
    /// <summary>Writes <c>search_progress.EXT</c> (two panels) into <paramref name="dir"/>; returns its path.</summary>
    public static IReadOnlyList<string> WriteProgress(IReadOnlyList<SearchLogEntry> improvements, string objective, string dir, ImageKind format,
        string fontPath = PlotFont.DefaultPath)
    {
        string font = PlotFont.Load(fontPath);
        var byTime = Steps(improvements, e => e.TimeS);
        var byEvaluations = Steps(improvements, e => e.Evaluation);
        var time = Panel(byTime, "search time (s)", objective);
        var evaluations = Panel(byEvaluations, "evaluations", objective);
        time.Title($"Best {objective} against time");
        evaluations.Title($"Best {objective} against evaluations");
        return [PlotImages.Save(dir, "search_progress", format, font, 1200, 900, time, evaluations)];
    }

    internal static (double[] X, double[] Y) Steps(IReadOnlyList<SearchLogEntry> improvements, Func<SearchLogEntry, double> x) =>
        (improvements.Select(x).ToArray(), improvements.Select(e => e.Objective).ToArray());

    internal static Plot Panel((double[] X, double[] Y) data, string xLabel, string yLabel)
    {
        var plot = new Plot();
        if (data.X.Length > 0)
        {
            var line = plot.Add.Scatter(data.X, data.Y);
            line.ConnectStyle = ConnectStyle.StepHorizontal;
            line.MarkerSize = 5;
        }
        plot.XLabel(xLabel);
        plot.YLabel($"best {yLabel}");
        return plot;
    }

    /// <summary>Writes <c>capacity_curve.EXT</c>: best attainment at each GPU count or rate scale measured, with the target.</summary>
    public static IReadOnlyList<string> WriteCapacity(CapacityCurve curve, bool rateQuestion, string dir, ImageKind format, string fontPath = PlotFont.DefaultPath)
    {
        string font = PlotFont.Load(fontPath);
        var plot = new Plot();
        var xs = curve.Points.Select(p => rateQuestion ? p.RateScale : p.Gpus).ToArray();
        var ys = curve.Points.Select(p => p.Attainment * 100).ToArray();
        var line = plot.Add.Scatter(xs, ys);
        line.MarkerSize = 7;
        line.LegendText = "best attainment found";
        var goal = plot.Add.HorizontalLine(curve.Target * 100, 1.5f, Colors.Gray, LinePattern.Dashed);
        goal.LegendText = "target";
        plot.Title(rateQuestion ? "Attainment against rate scale" : "Attainment against GPUs");
        plot.XLabel(rateQuestion ? "rate scale (× the workload's rate)" : "GPUs");
        plot.YLabel("attainment (%)");
        plot.ShowLegend(Alignment.LowerLeft);
        return [PlotImages.Save(dir, "capacity_curve", format, font, 1000, 600, plot)];
    }
}
