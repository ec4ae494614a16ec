using DlSim.Formats.Sweeps;
using DlSim.Sweeps;

namespace DlSim.Plots.Reports;

/// <summary>The figure of a sweep's report: attainment, goodput and latency percentiles against the swept flag.</summary>
public static class SweepFigures
{
    public static IReadOnlyList<ReportFigure> All(SweepTable table, string xColumn, string? seriesColumn, string font) =>
        [SvgFigures.Render("sweep", $"Overall figures against {xColumn}", font, 1300, 950, [.. SweepPlots.Plots(table, xColumn, seriesColumn)])];
}
