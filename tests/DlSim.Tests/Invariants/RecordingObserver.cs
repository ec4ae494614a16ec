using DlSim.Serving;

namespace DlSim.Tests.Invariants;

/// <summary>Keeps every engine callback in order, for checking invariants after a run.</summary>
public struct RecordingObserver : ISimulationObserver
{
    public List<StageRun> Stages;
    public List<(int Request, int Model, double ArrivalS, double CompletionS)> Completions;

    public static RecordingObserver Create() => new() { Stages = [], Completions = [] };

    public void OnStageScheduled(in StageRun run) => Stages.Add(run);

    public void OnRequestCompleted(int request, int model, double arrivalS, double completionS) =>
        Completions.Add((request, model, arrivalS, completionS));
}
