using System.Globalization;
using DlSim.Foundation;

namespace DlSim.Llm.Traffic;

/// <summary>
/// Edits of an LLM workload that keep every request's token lengths: change its rate, cut a time window,
/// keep its first requests. Each returns a new workload in arrival order; the input is left as it was.
/// </summary>
public static class LlmTrafficOperations
{
    /// <summary>Largest rate factor accepted either way (1e9 would push a one-hour trace past any sensible time).</summary>
    public const double MaxRateFactor = 1e6;

    /// <summary>
    /// The same requests arriving <paramref name="factor"/> times as fast: every arrival divided by the factor
    /// (2 doubles the rate and halves the span, 0.5 stretches it). The gaps keep their shape (their CV).
    /// </summary>
    public static LlmWorkload ScaleRate(LlmWorkload workload, double factor)
    {
        if (!(factor >= 1 / MaxRateFactor && factor <= MaxRateFactor))
            throw new InputException("--rate-factor", 0, $"expected a factor from {1 / MaxRateFactor:0e0} to {MaxRateFactor:0e0}, found {F(factor)}");
        var scaled = new LlmRequest[workload.Count];
        for (int i = 0; i < scaled.Length; i++)
        {
            var r = workload.Requests[i];
            scaled[i] = r with { ArrivalS = r.ArrivalS / factor };
        }
        return new LlmWorkload(scaled, $"{workload.Source} at {F(factor)}× rate");
    }

    /// <summary>
    /// The requests arriving in [<paramref name="fromS"/>, <paramref name="toS"/>), moved so that
    /// <paramref name="fromS"/> becomes 0. <paramref name="toS"/> may be +∞ (to the end).
    /// </summary>
    public static LlmWorkload Window(LlmWorkload workload, double fromS, double toS)
    {
        if (!(fromS >= 0) || double.IsInfinity(fromS))
            throw new InputException("--from", 0, $"expected a finite time ≥ 0 in seconds, found {F(fromS)}");
        if (!(toS > fromS))
            throw new InputException("--to", 0, $"expected a time after --from ({F(fromS)} s), found {F(toS)}");
        var kept = new List<LlmRequest>();
        foreach (var r in workload.Requests)
        {
            if (r.ArrivalS >= toS) break; // arrival order: nothing later is in the window
            if (r.ArrivalS >= fromS) kept.Add(r with { ArrivalS = r.ArrivalS - fromS });
        }
        string window = double.IsInfinity(toS) ? $"from {F(fromS)} s" : $"{F(fromS)}–{F(toS)} s";
        return new LlmWorkload(kept, $"{workload.Source} {window}");
    }

    /// <summary>The requests of the first <paramref name="seconds"/> seconds.</summary>
    public static LlmWorkload FirstSeconds(LlmWorkload workload, double seconds)
    {
        if (!(seconds > 0) || double.IsInfinity(seconds))
            throw new InputException("--duration", 0, $"expected a positive finite duration in seconds, found {F(seconds)}");
        return Window(workload, 0, seconds);
    }

    /// <summary>The first <paramref name="count"/> requests (all of them when there are fewer).</summary>
    public static LlmWorkload FirstRequests(LlmWorkload workload, int count)
    {
        if (count < 1) throw new InputException("--requests", 0, $"expected a number of requests ≥ 1, found {count}");
        if (count >= workload.Count) return workload;
        var kept = new LlmRequest[count];
        for (int i = 0; i < count; i++) kept[i] = workload.Requests[i];
        return new LlmWorkload(kept, $"{workload.Source} first {count}");
    }

    private static string F(double x) => x.ToString("R", CultureInfo.InvariantCulture);
}
