using DlSim.Serving;

namespace DlSim.Metrics;

/// <summary>The observer every run uses: outcomes and utilisation always; timelines, a window of runs, stage times and a trace when asked for.</summary>
public struct StandardObserver : ISimulationObserver
{
    public LatencyRecorder Latencies;
    public UtilizationRecorder Utilization;
    public UtilizationTimeline? Timeline;
    /// <summary>Requests waiting on each GPU's mesh (received, not started), time-averaged per bin; kept with <see cref="Timeline"/>.</summary>
    public UtilizationTimeline? QueueTimeline;
    public LatencyTimeline? LatencyTimeline;
    public StageWindowRecorder? Window;
    public StageTimesRecorder? StageTimes;
    public IStageRunTrace? Trace;

    public void OnStageScheduled(in StageRun run, ReadOnlySpan<int> requests)
    {
        Utilization.Record(run.Slot, run.StartS, run.EndS);
        Timeline?.Record(run.Slot, run.StartS, run.EndS);
        if (QueueTimeline is not null && run.StartS > run.ReceivedS)
            for (int i = 0; i < requests.Length; i++) QueueTimeline.Record(run.Slot, run.ReceivedS, run.StartS);
        Window?.Record(in run, requests.Length);
        if (StageTimes is not null) foreach (int r in requests) StageTimes.Record(in run, r);
        Trace?.Record(in run, requests);
    }

    public void OnRequestCompleted(in RequestDone done)
    {
        Latencies.Record(in done);
        LatencyTimeline?.Record(done.Model, done.ArrivalS, done.LatencyS);
    }

    /// <summary>Latency statistics and busy times do not depend on the order completions arrive in.</summary>
    public static bool NeedsCompletionOrder => false;

    public void OnRequestDropped(int request, int model, double arrivalS, double nowS)
    {
        Latencies.RecordDrop(model, arrivalS);
        Trace?.RecordDrop(request, model, nowS);
    }
}
