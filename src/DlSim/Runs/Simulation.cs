using DlSim.Io;
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
    /// <summary>Write a Chrome trace here (streamed; renamed into place at the end).</summary>
    public string? ChromeTracePath { get; init; }
    /// <summary>Keep every stage's start and end (needed to compare with a real trace).</summary>
    public bool RecordStageTimes { get; init; }
    /// <summary>Latencies kept exactly (over all models) before percentiles switch to the sketch.</summary>
    public long ExactLatencyBudget { get; init; } = ExactValueBudget.DefaultValues;
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
        var layout = new ServingLayout(deployment, options.Overhead);
        var header = options.ClosedLoop?.ExtendHeader(source.Header) ?? source.Header;
        var clients = options.ClosedLoop is null ? null : CreateClients(options.ClosedLoop, deployment);
        var observer = new StandardObserver
        {
            Latencies = new LatencyRecorder(header.SlosS, new ExactValueBudget(options.ExactLatencyBudget)),
            Utilization = new UtilizationRecorder(layout),
            StageTimes = options.RecordStageTimes ? new StageTimesRecorder(layout.MaxStages) : null,
        };
        using var traceWriter = options.ChromeTracePath is null ? null : new ChromeTraceWriter(options.ChromeTracePath);
        if (traceWriter is not null) observer.Trace = new StageTraceRecorder(layout, traceWriter);

        long arrived = new ServingEngine(layout, clients).Run(source, ref observer, options.Progress, expectedRequests);
        traceWriter?.Commit();

        if (observer.Latencies.Completed != arrived)
            throw new InvalidOperationException($"conservation violated: {arrived} arrived, {observer.Latencies.Completed} completed");
        var (overall, perModel) = observer.Latencies.Summarize();
        double span = observer.Utilization.SpanS;
        var models = new ModelReport[perModel.Length];
        for (int m = 0; m < models.Length; m++)
            models[m] = new ModelReport(m, deployment.Services[deployment.ServiceOfModel[m]], perModel[m], Throughput(perModel[m].Requests, span));
        var report = new SimulationReport(arrived, overall, models, observer.Utilization.Report(), span, Throughput(arrived, span));
        return new SimulationResult(report, observer.StageTimes);
    }

    private static double Throughput(long completed, double spanS) => spanS > 0 ? completed / spanS : double.NaN;

    private static ClientPool CreateClients(ClosedLoopSpec spec, Deployment deployment)
    {
        spec.Validate();
        foreach (var g in spec.Groups)
            if (g.Model >= deployment.ServiceOfModel.Count || deployment.ServiceOfModel[g.Model] < 0)
                throw new InputException("--closed-loop", 0, $"expected a model with a service (0 to {deployment.ServiceOfModel.Count - 1}), found model {g.Model}");
        return new ClientPool(spec);
    }
}
