using DlSim.Serving;

namespace DlSim.Metrics;

/// <summary>The observer every run uses: outcomes and utilisation always; timeline, stage times and a trace when asked for.</summary>
public struct StandardObserver : ISimulationObserver
{
    public LatencyRecorder Latencies;
    public UtilizationRecorder Utilization;
    public UtilizationTimeline? Timeline;
    public StageTimesRecorder? StageTimes;
    public IStageRunTrace? Trace;

    public void OnStageScheduled(in StageRun run, ReadOnlySpan<int> requests)
    {
        Utilization.Record(run.Slot, run.StartS, run.EndS);
        Timeline?.Record(run.Slot, run.StartS, run.EndS);
        if (StageTimes is not null) foreach (int r in requests) StageTimes.Record(in run, r);
        Trace?.Record(in run, requests);
    }

    public void OnRequestCompleted(in RequestDone done) => Latencies.Record(in done);

    /// <summary>Latency statistics and busy times do not depend on the order completions arrive in.</summary>
    public static bool NeedsCompletionOrder => false;

    public void OnRequestDropped(int request, int model, double arrivalS, double nowS)
    {
        Latencies.RecordDrop(model, arrivalS);
        Trace?.RecordDrop(request, model, nowS);
    }
}
