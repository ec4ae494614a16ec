namespace DlSim.Metrics;

/// <summary>Latency statistics of a set of requests, in seconds. Figures are NaN when <see cref="Requests"/> is 0.</summary>
/// <param name="SloAttainment">Fraction of requests with latency ≤ their model's SLO.</param>
public sealed record LatencySummary(long Requests, double MeanS, double P50S, double P90S, double P99S, double MaxS, double SloAttainment)
{
    /// <summary>True when the percentiles come from the sketch (relative error ≤ <see cref="LogHistogram.RelativeError"/>); mean, max and attainment are always exact.</summary>
    public bool Approximate { get; init; }
}

/// <summary>One workload model's results.</summary>
/// <param name="ThroughputRps">Completed requests ÷ the run's span (from 0 to the last stage's end).</param>
public sealed record ModelReport(int ModelId, string Service, LatencySummary Latency, double ThroughputRps);

/// <summary>One GPU's share of the run spent executing stages.</summary>
/// <param name="Utilization">Busy seconds ÷ the run's span [0, last stage end].</param>
public sealed record GpuReport(int Node, int Gpu, double BusyS, double Utilization);

/// <summary>Everything <c>dlsim simulate</c> reports.</summary>
/// <param name="SpanS">From time 0 to the end of the last stage.</param>
/// <param name="ThroughputRps">Completed requests ÷ <paramref name="SpanS"/>.</param>
public sealed record SimulationReport(long Requests, LatencySummary Overall, IReadOnlyList<ModelReport> Models,
    IReadOnlyList<GpuReport> Gpus, double SpanS, double ThroughputRps);
