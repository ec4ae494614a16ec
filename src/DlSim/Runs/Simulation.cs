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
    /// <summary>Called with (requests dispatched, total) during long runs.</summary>
    public Action<long, long>? Progress { get; init; }
}

/// <summary>A finished run: the report, and the stage times when they were asked for.</summary>
public sealed record SimulationResult(SimulationReport Report, StageTimesRecorder? StageTimes);

/// <summary>Runs one simulation of a workload on a deployment. Holds no state between runs.</summary>
public static class Simulation
{
    public static SimulationResult Run(Deployment deployment, Workload workload, SimulationOptions? options = null)
    {
        options ??= new SimulationOptions();
        var layout = new ServingLayout(deployment, options.Overhead);
        var observer = new StandardObserver
        {
            Latencies = new LatencyRecorder(workload.Count),
            Utilization = new UtilizationRecorder(layout),
            StageTimes = options.RecordStageTimes ? new StageTimesRecorder(workload.Count, layout.MaxStages) : null,
        };
        using var traceWriter = options.ChromeTracePath is null ? null : new ChromeTraceWriter(options.ChromeTracePath);
        if (traceWriter is not null) observer.Trace = new StageTraceRecorder(layout, traceWriter);

        new ServingEngine(layout).Run(workload, ref observer, options.Progress);
        traceWriter?.Commit();

        if (observer.Latencies.Completed != workload.Count)
            throw new InvalidOperationException($"conservation violated: {workload.Count} arrived, {observer.Latencies.Completed} completed");
        var (overall, perModel) = observer.Latencies.Summarize(workload);
        var models = new ModelReport[perModel.Length];
        for (int m = 0; m < models.Length; m++)
            models[m] = new ModelReport(m, deployment.Services[deployment.ServiceOfModel[m]], perModel[m]);
        var report = new SimulationReport(workload.Count, overall, models, observer.Utilization.Report(), observer.Utilization.SpanS);
        return new SimulationResult(report, observer.StageTimes);
    }
}
