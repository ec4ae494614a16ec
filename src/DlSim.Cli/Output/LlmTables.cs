using System.Globalization;
using DlSim.Llm;

namespace DlSim.Cli.Output;

/// <summary>The tables and summary lines of <c>llm simulate</c> and <c>llm compare</c>: the same on the console and in the HTML report.</summary>
public static class LlmTables
{
    public static TextTable Latency(LlmStatistics s)
    {
        var table = new TextTable("metric", "mean ms", "p50 ms", "p90 ms", "p99 ms");
        foreach (var (name, v) in new[] { ("TTFT", s.Ttft), ("TPOT", s.Tpot), ("inter-token", s.Itl), ("end-to-end", s.EndToEnd) })
            table.Add(name, Ms(v.Mean), Ms(v.P50), Ms(v.P90), Ms(v.P99));
        return table;
    }

    /// <summary>Completion, throughput, goodput (with SLOs) and engine counters, one sentence a line.</summary>
    public static IReadOnlyList<string> Summary(LlmStatistics s)
    {
        var lines = new List<string>
        {
            string.Create(CultureInfo.InvariantCulture,
                $"{s.Completed} of {s.Requests} requests completed ({s.Rejected} rejected: longer than the KV cache) in {s.SpanS:0.00} s: {s.RequestsPerS:0.00} requests/s, {s.OutputTokensPerS:0.0} output tokens/s, {s.TotalTokensPerS:0.0} tokens/s"),
        };
        if (s.GoodputPerS is double g)
            lines.Add(string.Create(CultureInfo.InvariantCulture, $"goodput {g:0.00} requests/s within the SLOs ({s.SloAttainment:0.0%} of requests)"));
        lines.Add($"{s.Iterations} iterations, {s.Preemptions} preemptions");
        return lines;
    }

    public static TextTable Comparison(LlmComparisonReport report)
    {
        var table = new TextTable("metric", "statistic", "simulated ms", "real ms", "error");
        foreach (var row in report.Rows)
            table.Add(row.Metric, row.Statistic, Ms(row.SimulatedS), Ms(row.RealS), row.Error.ToString("+0.0%;-0.0%;0.0%", CultureInfo.InvariantCulture));
        return table;
    }

    /// <summary>The per-second differences of running, waiting and KV use, and the engine counters.
    /// Without a real time series (no timeseries.csv, or no rows) there are no per-second differences to show.</summary>
    public static string ComparisonSummary(LlmComparisonReport report)
    {
        var c = CultureInfo.InvariantCulture;
        string perSecond = report.SampleCount == 0 ? "per second: no real time series to compare with"
            : string.Create(c, $"per second, mean |sim − real|: running {report.RunningMad:0.0}, waiting {report.WaitingMad:0.0}, KV use {report.KvMad * 100:0.0} points ({report.SampleCount} s)");
        return string.Create(c, $"{perSecond}; preemptions {report.Simulated.Preemptions}, prefix-cached tokens {report.Run.CachedTokens}");
    }

    public static string Ms(double s) => double.IsFinite(s) ? (s * 1000).ToString("0.00", CultureInfo.InvariantCulture) : "-";
}
