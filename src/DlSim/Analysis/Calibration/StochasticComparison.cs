using System.Text.Json;
using DlSim.Metrics;
using DlSim.Placement;
using DlSim.Runs;
using DlSim.Workloads;

namespace DlSim.Analysis.Calibration;

/// <summary><c>compare --stochastic</c>: bands of the comparison figures over replications, and whether the real latency falls inside.</summary>
/// <param name="Bands">error.mean_abs, error.max_abs, error.fraction_within_10ms, error.events_over_10ms, latency.mean, latency.p99,
/// distribution.wasserstein1, distribution.max_cdf_gap (all requests).</param>
public sealed record StochasticComparisonReport(int Replications, ulong Seed, IReadOnlyList<MetricBand> Bands, double RealMeanS, double RealP99S)
{
    public MetricBand LatencyMean => Bands.First(b => b.Name == StochasticComparison.LatencyMean);
    public MetricBand LatencyP99 => Bands.First(b => b.Name == StochasticComparison.LatencyP99);
    public bool RealMeanInside => LatencyMean.Contains(RealMeanS);
    public bool RealP99Inside => LatencyP99.Contains(RealP99S);
}

public static class StochasticComparison
{
    public const string LatencyMean = "latency.mean";
    public const string LatencyP99 = "latency.p99";

    /// <summary>Runs <paramref name="replications"/> stochastic replications with <paramref name="timing"/> (levels drawn per replication) and compares each with the trace.</summary>
    /// <exception cref="InputException">The trace does not record the workload.</exception>
    public static StochasticComparisonReport Run(Deployment deployment, Workload workload, RealTrace real, SimulationOptions options,
        CalibratedTiming timing, int replications, ulong seed, int maxParallel = 0)
    {
        var reports = StochasticSimulation.Replicate(deployment, workload, options with { RecordStageTimes = true }, timing.WithLevels,
            replications, seed, r => TraceComparison.Compare(workload, r.StageTimes!, real, worst: 0), maxParallel);
        var bands = MetricBands.Of(reports.Select(MetricsOf).ToArray());
        return new StochasticComparisonReport(replications, seed, bands, reports[0].Latency.RealMeanS, reports[0].Latency.RealP99S);
    }

    public static IReadOnlyList<Metric> MetricsOf(ComparisonReport r) =>
    [
        new("error.mean_abs", MetricUnit.Seconds, r.MeanAbsErrorS),
        new("error.max_abs", MetricUnit.Seconds, r.MaxAbsErrorS),
        new("error.fraction_within_10ms", MetricUnit.Fraction, r.FractionWithin10Ms),
        new("error.events_over_10ms", MetricUnit.Count, r.EventsOver10Ms),
        new(LatencyMean, MetricUnit.Seconds, r.Latency.SimMeanS),
        new(LatencyP99, MetricUnit.Seconds, r.Latency.SimP99S),
        new("distribution.wasserstein1", MetricUnit.Seconds, r.Overall.Wasserstein1S),
        new("distribution.max_cdf_gap", MetricUnit.Fraction, r.Overall.MaxCdfGap),
    ];

}
