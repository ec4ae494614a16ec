namespace DlSim.Plots.Reports;

/// <summary>The figures of an <c>llm simulate</c> or <c>llm compare</c> report: the four panels of <see cref="LlmPlots"/>, one figure each.</summary>
public static class LlmFigures
{
    public const int Width = 1200, Height = 520;

    public static IReadOnlyList<ReportFigure> All(IReadOnlyList<LlmPlotSeries> series, string font)
    {
        string what = series.Count > 1 ? " (simulated against real)" : "";
        return
        [
            SvgFigures.Render("ttft-cdf", "TTFT CDF" + what, font, Width, Height, LlmPlots.Cdf("TTFT", series, s => s.TtftS)),
            SvgFigures.Render("tpot-cdf", "TPOT CDF" + what, font, Width, Height, LlmPlots.Cdf("TPOT", series, s => s.TpotS)),
            SvgFigures.Render("requests-over-time", "Running and waiting requests over time" + what, font, Width, Height, LlmPlots.Requests(series)),
            SvgFigures.Render("kv-over-time", "KV cache use over time" + what, font, Width, Height, LlmPlots.KvUse(series)),
        ];
    }
}
