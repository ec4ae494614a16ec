using DlSim.Analysis;

namespace DlSim.Plots.Reports;

/// <summary>The figures of a comparison's report: simulated against real latency per request, and every event's error over time.</summary>
public static class ComparisonFigures
{
    /// <param name="report">A comparison made with <c>keepSeries: true</c>.</param>
    public static IReadOnlyList<ReportFigure> All(ComparisonReport report, string font)
    {
        var series = report.Series ?? throw new ArgumentException("the comparison kept no series (keepSeries: false)", nameof(report));
        return
        [
            SvgFigures.Render("latency-sim-vs-real", "Latency per request: simulated against real", font, 1200, 560, ComparisonPlots.Latency(report, series)),
            SvgFigures.Render("error-over-time", "Error of every stage start and end over time", font, 1200, 560, ComparisonPlots.Errors(report, series)),
        ];
    }
}
