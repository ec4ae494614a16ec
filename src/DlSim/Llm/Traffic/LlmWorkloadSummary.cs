using DlSim.Metrics;

namespace DlSim.Llm.Traffic;

/// <summary>Order statistics of one token length over a workload (numpy's default percentiles).</summary>
public readonly record struct TokenStats(double Median, double Mean, double P90, double P99, int Max)
{
    public static TokenStats Of(int[] values)
    {
        if (values.Length == 0) return new TokenStats(double.NaN, double.NaN, double.NaN, double.NaN, 0);
        var sorted = new double[values.Length];
        double sum = 0;
        for (int i = 0; i < values.Length; i++) { sorted[i] = values[i]; sum += values[i]; }
        Array.Sort(sorted);
        return new TokenStats(Percentiles.OfSorted(sorted, 50), sum / values.Length,
            Percentiles.OfSorted(sorted, 90), Percentiles.OfSorted(sorted, 99), (int)sorted[^1]);
    }
}

/// <summary>What <c>llm workload show</c> prints: size, span, rate and the token lengths of a workload.</summary>
/// <param name="SpanS">Seconds from the workload's start to its last arrival.</param>
/// <param name="RateHz">Requests per second over the span (NaN when the span is 0).</param>
public sealed record LlmWorkloadSummary(int Requests, double SpanS, double RateHz, TokenStats Input, TokenStats Output)
{
    public static LlmWorkloadSummary Of(LlmWorkload workload)
    {
        int n = workload.Count;
        var input = new int[n];
        var output = new int[n];
        for (int i = 0; i < n; i++)
        {
            input[i] = workload.Requests[i].InputTokens;
            output[i] = workload.Requests[i].OutputTokens;
        }
        double span = workload.SpanS;
        return new LlmWorkloadSummary(n, span, span > 0 ? n / span : double.NaN, TokenStats.Of(input), TokenStats.Of(output));
    }
}
