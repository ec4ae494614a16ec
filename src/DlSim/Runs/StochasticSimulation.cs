using DlSim.Foundation;
using DlSim.Metrics;
using DlSim.Placement;
using DlSim.Serving;
using DlSim.Workloads;

namespace DlSim.Runs;

/// <summary>
/// Stochastic mode: R replications of one scenario, each drawing its stage run times (and, through
/// <c>timingFor</c>, its slow run-time levels) from its own seed; every figure gets a mean and a 95 % band.
/// The traffic is the same in every replication: only the execution varies.
/// </summary>
public static class StochasticSimulation
{
    /// <summary>Mixed into a replication's seed for the level draws, so levels and per-run draws use different streams.</summary>
    public const ulong LevelStream = 0x9E3779B97F4A7C15UL;

    /// <param name="timingFor">The timing of the replication with this seed (e.g. a calibration with its levels drawn).</param>
    /// <param name="run">What to measure in a finished replication.</param>
    public static T[] Replicate<T>(Deployment deployment, Workload workload, SimulationOptions options, Func<ulong, IStageTimingModel> timingFor,
        int replications, ulong seed, Func<SimulationResult, T> run, int maxParallel = 0) =>
        Replications.Run(replications, seed, (_, s) =>
        {
            var o = options with { Timing = timingFor(s ^ LevelStream), StochasticSeed = s, Progress = null, StageTrace = null };
            return run(Simulation.Run(deployment, workload, o));
        }, maxParallel);

    /// <summary>Mean and band of every figure of the simulation report.</summary>
    /// <exception cref="InputException">A replication's figures come out NaN or infinite (named with its seed).</exception>
    public static IReadOnlyList<MetricBand> Bands(Deployment deployment, Workload workload, SimulationOptions options,
        Func<ulong, IStageTimingModel> timingFor, int replications, ulong seed, int maxParallel = 0)
    {
        var metrics = Replicate(deployment, workload, options, timingFor, replications, seed, r =>
        {
            if (ReportChecks.FirstNonFinite(r.Report) is string bad)
                throw new InputException("--stochastic", 0, $"expected finite results in every replication, found {bad}; check the latencies, spreads and factors of the inputs");
            return ReportMetrics.Of(r.Report);
        }, maxParallel);
        return MetricBands.Of(metrics);
    }
}
