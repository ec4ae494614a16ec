using DlSim.Io;
using DlSim.Metrics;
using DlSim.Placement;
using DlSim.Serving;
using DlSim.Workloads;

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
        var observer = new StandardObserver
        {
            Latencies = new LatencyRecorder(source.Header.SlosS, new ExactValueBudget(options.ExactLatencyBudget)),
            Utilization = new UtilizationRecorder(layout),
            StageTimes = options.RecordStageTimes ? new StageTimesRecorder(layout.MaxStages) : null,
        };
        using var traceWriter = options.ChromeTracePath is null ? null : new ChromeTraceWriter(options.ChromeTracePath);
        if (traceWriter is not null) observer.Trace = new StageTraceRecorder(layout, traceWriter);

        long arrived = new ServingEngine(layout).Run(source, ref observer, options.Progress, expectedRequests);
        traceWriter?.Commit();

        if (observer.Latencies.Completed != arrived)
            throw new InvalidOperationException($"conservation violated: {arrived} arrived, {observer.Latencies.Completed} completed");
        var (overall, perModel) = observer.Latencies.Summarize();
        var models = new ModelReport[perModel.Length];
        for (int m = 0; m < models.Length; m++)
            models[m] = new ModelReport(m, deployment.Services[deployment.ServiceOfModel[m]], perModel[m]);
        var report = new SimulationReport(arrived, overall, models, observer.Utilization.Report(), observer.Utilization.SpanS);
        return new SimulationResult(report, observer.StageTimes);
    }
}
