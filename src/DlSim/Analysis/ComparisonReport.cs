namespace DlSim.Analysis;

/// <summary>Errors of one pipeline stage's start and end events against the real trace, seconds.</summary>
/// <param name="Requests">Requests that have this stage (each contributes one start and one end event).</param>
public sealed record StageErrors(int Stage, long Requests, double StartMeanAbsErrorS, double StartMaxAbsErrorS,
    double EndMeanAbsErrorS, double EndMaxAbsErrorS);

/// <summary>Latency (end of last stage − arrival) of the simulated and the real runs of the same requests, seconds.</summary>
public sealed record LatencyComparison(double SimMeanS, double RealMeanS, double SimP99S, double RealP99S);

/// <summary>One stage start or end of one request, simulated and real, seconds.</summary>
/// <param name="IsEnd">False for the stage's start, true for its end.</param>
public sealed record EventError(int Request, int Model, int Stage, bool IsEnd, double SimulatedS, double RealS)
{
    /// <summary>Simulated − real: positive when the simulation is late.</summary>
    public double ErrorS => SimulatedS - RealS;
    public string Event => IsEnd ? "end" : "start";
}

/// <summary>
/// How far a simulation is from a real trace of the same workload. An event is one stage start or one
/// stage end of one request (2 per request per stage); its error is |simulated − real| in seconds.
/// Figures are NaN when there are no events.
/// </summary>
/// <param name="FractionWithin10Ms">Events with error ≤ 10 ms ÷ events.</param>
/// <param name="EventsOver10Ms">Events with error &gt; 10 ms (the rest of the events).</param>
public sealed record ComparisonReport(long Requests, long Events, double MeanAbsErrorS, double MaxAbsErrorS,
    double FractionWithin10Ms, long EventsOver10Ms, IReadOnlyList<StageErrors> Stages, LatencyComparison Latency)
{
    /// <summary>The events with the largest |error|, worst first (ties: request, stage, start before end).</summary>
    public IReadOnlyList<EventError> WorstEvents { get; init; } = [];
    /// <summary>Simulated against real latency distributions: all requests first, then each model in trace order.</summary>
    public IReadOnlyList<DistributionDistance> Distributions { get; init; } = [];
    /// <summary>The all-requests entry of <see cref="Distributions"/> (NaN figures when there is none).</summary>
    public DistributionDistance Overall => Distributions.Count > 0 ? Distributions[0] : new DistributionDistance(null, 0, double.NaN, double.NaN);
    /// <summary>Per-request latencies and per-event errors, when asked for (for plots).</summary>
    public ComparisonSeries? Series { get; init; }
}

/// <summary>What the comparison plots draw, seconds. Requests in id order; events in trace order (per model, stage, entry; start then end).</summary>
public sealed record ComparisonSeries(double[] ArrivalS, double[] SimLatencyS, double[] RealLatencyS, double[] EventRealS, double[] EventErrorS);
