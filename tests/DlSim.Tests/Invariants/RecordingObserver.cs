using DlSim.Serving;

namespace DlSim.Tests.Invariants;

/// <summary>Keeps every engine callback in order, for checking invariants after a run.</summary>
public struct RecordingObserver : ISimulationObserver
{
    public List<StageRun> Stages;
    public List<int[]> StageRequests;
    public List<(int Request, int Model, double ArrivalS, double CompletionS)> Completions;
    public List<RequestDone> Done;
    public List<(int Request, int Model, double ArrivalS, double NowS)> Drops;

    public static RecordingObserver Create() => new() { Stages = [], StageRequests = [], Completions = [], Done = [], Drops = [] };

    public void OnStageScheduled(in StageRun run, ReadOnlySpan<int> requests)
    {
        Stages.Add(run);
        StageRequests.Add(requests.ToArray());
    }

    public void OnRequestCompleted(in RequestDone done)
    {
        Completions.Add((done.Request, done.Model, done.ArrivalS, done.CompletionS));
        Done.Add(done);
    }

    public void OnRequestDropped(int request, int model, double arrivalS, double nowS) => Drops.Add((request, model, arrivalS, nowS));
}
