using DlSim.Metrics;

namespace DlSim.Llm;

/// <summary>Mean and percentiles (numpy's linear interpolation) of one latency metric, in seconds.</summary>
public readonly record struct LatencySummary(int Count, double Mean, double P50, double P90, double P99)
{
    public static LatencySummary Of(IEnumerable<double> values)
    {
        var sorted = Finite(values.ToArray());
        RadixSort.Sort(sorted);
        if (sorted.Length == 0) return new(0, double.NaN, double.NaN, double.NaN, double.NaN);
        return new(sorted.Length, sorted.Average(), Percentiles.OfSorted(sorted, 50), Percentiles.OfSorted(sorted, 90), Percentiles.OfSorted(sorted, 99));
    }

    /// <summary>The finite values, in order (compacted in place: a list of millions is copied once, not regrown).</summary>
    private static double[] Finite(double[] values)
    {
        int kept = 0;
        foreach (double v in values) if (double.IsFinite(v)) values[kept++] = v;
        if (kept < values.Length) Array.Resize(ref values, kept);
        return values;
    }

    public double this[string statistic] => statistic switch
    {
        "mean" => Mean, "p50" => P50, "p90" => P90, "p99" => P99,
        _ => throw new ArgumentOutOfRangeException(nameof(statistic), statistic, "mean, p50, p90 or p99"),
    };

    public static readonly string[] Statistics = ["mean", "p50", "p90", "p99"];
}

/// <summary>A run's serving figures: latencies, throughput, goodput under SLOs.</summary>
public sealed record LlmStatistics(
    int Requests, int Completed, int Rejected, LatencySummary Ttft, LatencySummary Tpot, LatencySummary Itl, LatencySummary EndToEnd,
    double SpanS, double OutputTokensPerS, double TotalTokensPerS, double RequestsPerS, double? GoodputPerS, double? SloAttainment,
    int Preemptions, int Iterations)
{
    /// <param name="ttftSloS">TTFT objective (seconds), or null for none.</param>
    /// <param name="tpotSloS">TPOT objective (seconds), or null for none.</param>
    public static LlmStatistics Of(LlmRunResult run, double? ttftSloS = null, double? tpotSloS = null)
    {
        var done = run.Requests.Where(r => !r.Rejected).ToList();
        double start = run.Requests.Count > 0 ? run.Requests.Min(r => r.ArrivalS) : 0;
        double end = done.Count > 0 ? done.Max(r => r.LastTokenS) : start;
        double span = Math.Max(end - start, 1e-12);
        long output = done.Sum(r => (long)r.OutputTokens), input = done.Sum(r => (long)r.InputTokens);
        double? goodput = null, attainment = null;
        if (ttftSloS is not null || tpotSloS is not null)
        {
            int good = done.Count(r => (ttftSloS is not double t || r.TtftS <= t) && (tpotSloS is not double p || !(r.TpotS > p)));
            goodput = good / span;
            attainment = run.Requests.Count == 0 ? double.NaN : (double)good / run.Requests.Count;
        }
        return new LlmStatistics(run.Requests.Count, done.Count, run.Rejected,
            LatencySummary.Of(done.Select(r => r.TtftS)), LatencySummary.Of(done.Select(r => r.TpotS)), LatencySummary.Of(run.InterTokenS),
            LatencySummary.Of(done.Select(r => r.EndToEndS)), span, output / span, (output + input) / span, done.Count / span,
            goodput, attainment, run.Preemptions, run.Iterations);
    }
}
