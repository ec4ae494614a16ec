using DlSim.Serving;

namespace DlSim.Metrics;

/// <summary>The observer every run uses: latencies and utilisation always; stage times and a trace when asked for.</summary>
public struct StandardObserver : ISimulationObserver
{
    public LatencyRecorder Latencies;
    public UtilizationRecorder Utilization;
    public StageTimesRecorder? StageTimes;
    public StageTraceRecorder? Trace;

    public void OnStageScheduled(in StageRun run)
    {
        Utilization.Record(run.Slot, run.StartS, run.EndS);
        StageTimes?.Record(in run);
        Trace?.Record(in run);
    }

    public void OnRequestCompleted(int request, int model, double arrivalS, double completionS) =>
        Latencies.Record(model, completionS - arrivalS);
}
