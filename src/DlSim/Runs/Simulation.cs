using DlSim.Foundation;
using DlSim.Metrics;
using DlSim.Placement;
using DlSim.Serving;
using DlSim.Workloads;
using DlSim.Workloads.ClosedLoop;

namespace DlSim.Runs;

/// <summary>How to run one simulation. The defaults are the seed's model with no extra outputs.</summary>
public sealed record SimulationOptions
{
    public DispatchOverhead Overhead { get; init; } = DispatchOverhead.Seed;
    /// <summary>Fitted stage timings (a calibration) replacing profile latencies and the overhead where given.</summary>
    public IStageTimingModel? Timing { get; init; }
    /// <summary>Draw stage run times from the timings' distributions with this seed (null: fixed run times).</summary>
    public ulong? StochasticSeed { get; init; }
    /// <summary>Routing, admission and batching; the default is the seed's.</summary>
    public ServingPolicy Policy { get; init; } = new();
    /// <summary>A trace of every stage run, made for the run's layout (a Chrome trace file, say); committed when the run ends.</summary>
    public Func<ServingLayout, IStageTraceOutput>? StageTrace { get; init; }
    /// <summary>Keep every stage's start and end (needed to compare with a real trace).</summary>
    public bool RecordStageTimes { get; init; }
    /// <summary>Latencies kept exactly (over all models) before percentiles switch to the sketch.</summary>
    public long ExactLatencyBudget { get; init; } = ExactValueBudget.DefaultValues;
    /// <summary>Leave requests arriving in the first and last this-many seconds of the workload's duration out of the figures.</summary>
    public double TrimS { get; init; }
    /// <summary>Record each GPU's busy fraction per bin of this many seconds (null: no timeline).</summary>
    public double? TimelineBinS { get; init; }
    /// <summary>Keep every stage run on every GPU from this time on (up to <see cref="WindowBars"/> bars) for a Gantt-like view (null: none).</summary>
    public double? WindowFromS { get; init; }
    /// <summary>Longest window kept from <see cref="WindowFromS"/>, in seconds.</summary>
    public double WindowLengthS { get; init; } = double.PositiveInfinity;
    public int WindowBars { get; init; } = 1500;
    /// <summary>Latency quantile points per model to keep for CDF plots (0: none).</summary>
    public int LatencyCurvePoints { get; init; }
    /// <summary>Closed-loop clients added to the open-loop requests of the source.</summary>
    public ClosedLoopSpec? ClosedLoop { get; init; }
    /// <summary>Called with (requests dispatched, requests expected or 0) during long runs.</summary>
    public Action<long, long>? Progress { get; init; }
}

/// <summary>A finished run: the report, and the stage times when they were asked for.</summary>
public sealed record SimulationResult(SimulationReport Report, StageTimesRecorder? StageTimes);

/// <summary>Runs one simulation of a workload on a deployment. Holds no state between runs.</summary>
public static class Simulation
{
    public static SimulationResult Run(Deployment deployment, Workload workload, SimulationOptions? options = null)
    {
        using var source = new WorkloadSource(workload);
        return Run(deployment, source, options, workload.Count);
    }

    /// <param name="expectedRequests">For progress reports only; 0 when unknown.</param>
    public static SimulationResult Run(Deployment deployment, IRequestSource source, SimulationOptions? options = null, long expectedRequests = 0)
    {
        options ??= new SimulationOptions();
        var layout = new ServingLayout(deployment, options.Overhead, options.Policy.MaxBatch, options.Timing);
        var sampler = options.StochasticSeed is ulong seed ? new StageSampler(layout, seed) : null;
        var header = options.ClosedLoop?.ExtendHeader(source.Header) ?? source.Header;
        var clients = options.ClosedLoop is null ? null : CreateClients(options.ClosedLoop, deployment);
        var (from, to) = Window(options.TrimS, options.ClosedLoop?.DurationS ?? header.DurationS);
        var observer = new StandardObserver
        {
            Latencies = new LatencyRecorder(header.SlosS, new ExactValueBudget(options.ExactLatencyBudget), layout.ReplicaCount, from, to),
            Utilization = new UtilizationRecorder(layout),
            Timeline = options.TimelineBinS is double bin ? new UtilizationTimeline(layout, bin) : null,
            QueueTimeline = options.TimelineBinS is double queueBin ? new UtilizationTimeline(layout, queueBin) : null,
            LatencyTimeline = options.TimelineBinS is double latencyBin ? new LatencyTimeline(header.SlosS.Count, latencyBin) : null,
            Window = options.WindowFromS is double windowFrom ? new StageWindowRecorder(layout, windowFrom, windowFrom + options.WindowLengthS, options.WindowBars) : null,
            StageTimes = options.RecordStageTimes ? new StageTimesRecorder(layout.MaxStages) : null,
        };
        using var trace = options.StageTrace?.Invoke(layout);
        observer.Trace = trace;

        try
        {
            var engine = new ServingEngine(layout, clients, options.Policy, header.SlosS, sampler);
            long arrived = engine.Run(source, ref observer, options.Progress, expectedRequests);
            trace?.Commit();

            if (observer.Latencies.Finished != arrived)
                throw new InvalidOperationException($"conservation violated: {arrived} arrived, {observer.Latencies.Finished} completed or dropped");
            double span = options.TrimS > 0 ? to - from : observer.Utilization.SpanS;
            var report = SimulationReports.Build(deployment, observer, span, options.TrimS, options.LatencyCurvePoints);
            return new SimulationResult(report, observer.StageTimes);
        }
        finally { observer.Latencies.Release(); }
    }

    /// <summary>The measurement window: everything, or the duration less <paramref name="trimS"/> at each end.</summary>
    private static (double From, double To) Window(double trimS, double durationS)
    {
        if (trimS == 0) return (double.NegativeInfinity, double.PositiveInfinity);
        if (!(trimS > 0) || !(2 * trimS < durationS))
            throw new InputException("--trim", 0, $"expected a trim ≥ 0 leaving part of the {durationS} s workload, found {trimS}");
        return (trimS, durationS - trimS);
    }

    private static ClientPool CreateClients(ClosedLoopSpec spec, Deployment deployment)
    {
        spec.Validate();
        foreach (var g in spec.Groups)
            if (g.Model >= deployment.ServiceOfModel.Count || deployment.ServiceOfModel[g.Model] < 0)
                throw new InputException("--closed-loop", 0, $"expected a model with a service (0 to {deployment.ServiceOfModel.Count - 1}), found model {g.Model}");
        return new ClientPool(spec);
    }
}
