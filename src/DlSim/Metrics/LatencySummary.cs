namespace DlSim.Metrics;

/// <summary>Latency statistics of a set of requests, in seconds. Figures are NaN when <see cref="Requests"/> is 0.</summary>
/// <param name="SloAttainment">Fraction of requests with latency ≤ their model's SLO.</param>
public sealed record LatencySummary(long Requests, double MeanS, double P50S, double P90S, double P99S, double MaxS, double SloAttainment)
{
    /// <summary>Summarises latencies (sorted in place) and how many of them met their SLO.</summary>
    public static LatencySummary Of(Span<double> latencies, long withinSlo)
    {
        if (latencies.Length == 0) return new LatencySummary(0, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN);
        double sum = 0;
        foreach (double x in latencies) sum += x;
        latencies.Sort();
        ReadOnlySpan<double> s = latencies;
        return new LatencySummary(latencies.Length, sum / latencies.Length,
            Percentiles.OfSorted(s, 50), Percentiles.OfSorted(s, 90), Percentiles.OfSorted(s, 99), s[^1],
            (double)withinSlo / latencies.Length);
    }
}

/// <summary>One workload model's results.</summary>
public sealed record ModelReport(int ModelId, string Service, LatencySummary Latency);

/// <summary>One GPU's share of the run spent executing stages.</summary>
/// <param name="Utilization">Busy seconds ÷ the run's span [0, last stage end].</param>
public sealed record GpuReport(int Node, int Gpu, double BusyS, double Utilization);

/// <summary>Everything <c>dlsim simulate</c> reports.</summary>
/// <param name="SpanS">From time 0 to the end of the last stage.</param>
public sealed record SimulationReport(long Requests, LatencySummary Overall, IReadOnlyList<ModelReport> Models,
    IReadOnlyList<GpuReport> Gpus, double SpanS);
