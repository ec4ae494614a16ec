using DlSim.Io;
using DlSim.Search;
using ScottPlot;

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
        string path = Path.Combine(dir, "search_progress" + (format == ImageKind.Png ? ".png" : ".svg"));
        var bytes = PlotImages.Render(PlotImages.Panels(font, time, evaluations), 1200, 900, format);
        AtomicFile.Write(path, s => s.Write(bytes));
        return [path];
    }

    private static (double[] X, double[] Y) Steps(IReadOnlyList<SearchLogEntry> improvements, Func<SearchLogEntry, double> x) =>
        (improvements.Select(x).ToArray(), improvements.Select(e => e.Objective).ToArray());

    private static Plot Panel((double[] X, double[] Y) data, string xLabel, string yLabel)
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
}
