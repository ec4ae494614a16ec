using DlSim.Formats.Files;
using DlSim.Llm;
using DlSim.Metrics;
using ScottPlot;
using static System.FormattableString;

namespace DlSim.Plots;

/// <summary>One run to draw: its requests' TTFT and TPOT (seconds; NaN where undefined) and its per-second samples.</summary>
/// <param name="Label">Legend text, e.g. "simulated" or "real".</param>
public sealed record LlmPlotSeries(string Label, IReadOnlyList<double> TtftS, IReadOnlyList<double> TpotS, IReadOnlyList<LlmSample> Samples)
{
    public static LlmPlotSeries Of(string label, LlmRunResult run) => new(label,
        [.. run.Requests.Where(r => !r.Rejected).Select(r => r.TtftS)], [.. run.Requests.Where(r => !r.Rejected).Select(r => r.TpotS)], run.Samples);

    public static LlmPlotSeries Of(string label, LlmRealRun run) => new(label,
        [.. run.Requests.Select(r => r.TtftS)], [.. run.Requests.Select(r => r.TpotS)], run.Samples);
}

/// <summary>
/// <c>llm simulate --plot FILE</c> and <c>llm compare --plot FILE</c>: TTFT and TPOT CDFs, running and waiting requests
/// over time, and KV cache use over time, one line per series (simulated, and real for a comparison).
/// </summary>
public static class LlmPlots
{
    /// <summary>Size of one panel; the figure is a grid of two columns.</summary>
    public const int PanelWidth = 900, PanelHeight = 520, Columns = 2;

    /// <summary>Most points a CDF line is drawn with (quantiles of the values): figures stay small for any request count.</summary>
    public const int CdfPoints = 401;

    /// <summary>The image kind a file name asks for: .png or .svg.</summary>
    public static ImageKind? KindOf(string path) => Path.GetExtension(path).ToLowerInvariant() switch
    {
        ".png" => ImageKind.Png,
        ".svg" => ImageKind.Svg,
        _ => null,
    };

    /// <summary>Draws the four panels as one figure, two by two (the CDFs above, load over time below), and writes it
    /// atomically to <paramref name="path"/> (.png or .svg).</summary>
    public static void Write(string path, IReadOnlyList<LlmPlotSeries> series, string font)
    {
        var kind = KindOf(path) ?? throw new ArgumentException($"expected a .png or .svg path, found {path}", nameof(path));
        var panels = All(series);
        int rows = (panels.Length + Columns - 1) / Columns;
        var bytes = PlotImages.Render(PlotImages.Grid(font, Columns, panels), PanelWidth * Columns, PanelHeight * rows, kind);
        AtomicFile.Write(path, s => s.Write(bytes));
    }

    public static Plot[] All(IReadOnlyList<LlmPlotSeries> series) =>
        [Cdf("TTFT", series, s => s.TtftS), Cdf("TPOT", series, s => s.TpotS), Requests(series), KvUse(series)];

    public static Plot Cdf(string metric, IReadOnlyList<LlmPlotSeries> series, Func<LlmPlotSeries, IReadOnlyList<double>> values)
    {
        var plot = new Plot();
        foreach (var s in series)
        {
            var sorted = values(s).Where(double.IsFinite).Select(v => v * 1000).ToArray();
            if (sorted.Length == 0) continue;
            Array.Sort(sorted);
            var (xs, ys) = Quantiles(sorted);
            var line = plot.Add.ScatterLine(xs, ys);
            line.LineWidth = 2;
            line.LegendText = Invariant($"{s.Label}: p50 {Percentiles.OfSorted(sorted, 50):0.#} ms, p99 {Percentiles.OfSorted(sorted, 99):0.#} ms ({sorted.Length} requests)");
        }
        plot.Title($"{metric} CDF");
        plot.XLabel($"{metric} (ms)");
        plot.YLabel("fraction of requests");
        plot.Axes.SetLimitsY(0, 1.02);
        plot.ShowLegend(Alignment.LowerRight);
        return plot;
    }

    public static Plot Requests(IReadOnlyList<LlmPlotSeries> series)
    {
        var plot = new Plot();
        foreach (var s in series)
        {
            var xs = s.Samples.Select(x => x.TimeS).ToArray();
            var running = plot.Add.ScatterLine(xs, s.Samples.Select(x => (double)x.Running).ToArray());
            running.LegendText = $"{s.Label}: running";
            running.LineWidth = 1.5f;
            var waiting = plot.Add.ScatterLine(xs, s.Samples.Select(x => (double)x.Waiting).ToArray());
            waiting.LegendText = $"{s.Label}: waiting";
            waiting.LinePattern = LinePattern.Dashed;
            waiting.LineWidth = 1.5f;
        }
        plot.Title("Running and waiting requests, sampled once a second");
        plot.XLabel("time (s)");
        plot.YLabel("requests");
        plot.ShowLegend(Alignment.UpperRight);
        return plot;
    }

    public static Plot KvUse(IReadOnlyList<LlmPlotSeries> series)
    {
        var plot = new Plot();
        foreach (var s in series)
        {
            var line = plot.Add.ScatterLine(s.Samples.Select(x => x.TimeS).ToArray(), s.Samples.Select(x => x.KvUse * 100).ToArray());
            line.LegendText = s.Label;
            line.LineWidth = 1.5f;
        }
        plot.Title("KV cache use, sampled once a second");
        plot.XLabel("time (s)");
        plot.YLabel("KV blocks used (%)");
        plot.Axes.SetLimitsY(0, 105);
        plot.ShowLegend(Alignment.UpperRight);
        return plot;
    }

    /// <summary>At most <see cref="CdfPoints"/> points (value, fraction at or below it) of sorted values.</summary>
    private static (double[] X, double[] Y) Quantiles(double[] sorted)
    {
        int n = Math.Min(CdfPoints, sorted.Length);
        var xs = new double[n];
        var ys = new double[n];
        for (int i = 0; i < n; i++)
        {
            double q = n == 1 ? 1 : (double)i / (n - 1);
            xs[i] = Percentiles.OfSorted(sorted, q * 100);
            ys[i] = q;
        }
        return (xs, ys);
    }
}
