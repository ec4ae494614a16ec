using DlSim.Model;

namespace DlSim.Metrics;

/// <summary>Latency statistics of a set of requests, in seconds. Figures are NaN when <see cref="Requests"/> is 0.</summary>
/// <param name="CompletedWithinSlo">Fraction of these (completed) requests with latency ≤ their model's SLO; requests that
/// never completed are not in it (<see cref="ModelReport.Attainment"/> counts them as misses).</param>
public sealed record LatencySummary(long Requests, double MeanS, double P50S, double P90S, double P99S, double MaxS, double CompletedWithinSlo)
{
    /// <summary>True when the percentiles come from the sketch (relative error ≤ <see cref="LogHistogram.RelativeError"/>); mean, max and attainment are always exact.</summary>
    public bool Approximate { get; init; }
}

/// <summary>One workload model's results. Rates are per second of the measured span.</summary>
/// <param name="ThroughputRps">Completed requests ÷ the measured span.</param>
public sealed record ModelReport(int ModelId, string Service, LatencySummary Latency, double ThroughputRps)
{
    /// <summary>Requests refused by admission control.</summary>
    public long Dropped { get; init; }
    /// <summary>Requests of a model that no service serves (refused on arrival).</summary>
    public long Unserved { get; init; }
    /// <summary>Requests finished within their SLO ÷ the measured span.</summary>
    public double GoodputRps { get; init; }
    /// <summary>
    /// SLO attainment over every request: requests finished within their SLO ÷ requests that arrived (dropped and
    /// unserved ones count as misses). Unlike <see cref="LatencySummary.CompletedWithinSlo"/>, which counts completed requests only.
    /// </summary>
    public double Attainment { get; init; }
    /// <summary>Mean time a completed request spent waiting (latency − execution).</summary>
    public double MeanQueueingS { get; init; }
    /// <summary>Mean time a completed request's stages ran.</summary>
    public double MeanExecutionS { get; init; }
}

/// <summary>How many requests one replica finished.</summary>
public sealed record ReplicaReport(int Replica, string Service, string Executable, long Completed);

/// <summary>One GPU's share of the run spent executing stages.</summary>
/// <param name="Utilization">Busy seconds ÷ the run's span [0, last stage end].</param>
public sealed record GpuReport(int Node, int Gpu, double BusyS, double Utilization);

/// <summary>Busy fraction of each GPU (dense order) per bin of <see cref="BinS"/> seconds.</summary>
public sealed record UtilizationSeries(double BinS, double[][] ByGpu);

/// <summary>Everything <c>dlsim simulate</c> reports.</summary>
/// <param name="Requests">Requests that arrived in the measurement window (completed + dropped + unserved).</param>
/// <param name="SpanS">The measured span: from 0 to the end of the last stage, or the trimmed window.</param>
/// <param name="ThroughputRps">Completed requests ÷ <paramref name="SpanS"/>.</param>
public sealed record SimulationReport(long Requests, LatencySummary Overall, IReadOnlyList<ModelReport> Models,
    IReadOnlyList<GpuReport> Gpus, double SpanS, double ThroughputRps)
{
    public long Dropped { get; init; }
    /// <summary>Requests of models that no service serves.</summary>
    public long Unserved { get; init; }
    /// <summary>Stage runs simulated (a batch's run counts once).</summary>
    public long StageRuns { get; init; }
    public double GoodputRps { get; init; }
    /// <summary>Requests finished within their SLO ÷ all requests (see <see cref="ModelReport.Attainment"/>).</summary>
    public double Attainment { get; init; }
    public double MeanQueueingS { get; init; }
    public double MeanExecutionS { get; init; }
    public IReadOnlyList<ReplicaReport> Replicas { get; init; } = [];
    /// <summary>Seconds left out at each end of the workload (0 = none).</summary>
    public double TrimS { get; init; }
    public UtilizationSeries? Timeline { get; init; }
    /// <summary>Requests waiting on each GPU's mesh (received, not yet started), time-averaged per bin; with <see cref="Timeline"/>.</summary>
    public UtilizationSeries? QueueTimeline { get; init; }
    /// <summary>Mean and largest latency per model per bin of arrival time; with <see cref="Timeline"/>.</summary>
    public LatencySeries? LatencyTimeline { get; init; }
    /// <summary>Every stage run on every GPU in a window of time (when asked for).</summary>
    public StageWindow? StageWindow { get; init; }
    /// <summary>Per model, latency at evenly spaced quantiles 0…1 (when asked for; for CDF plots).</summary>
    public IReadOnlyList<double[]>? LatencyCurves { get; init; }
}
