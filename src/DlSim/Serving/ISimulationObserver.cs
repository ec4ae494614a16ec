namespace DlSim.Serving;

/// <summary>One stage of one request placed on its mesh. Times in seconds.</summary>
/// <param name="Slot">The replica stage's slot in the <see cref="ServingLayout"/> (gives its GPUs).</param>
/// <param name="ReceivedS">When the mesh received the stage (the simulation clock at scheduling).</param>
/// <param name="StartS">When it starts: ≥ ReceivedS.</param>
/// <param name="EndS">When it ends on every GPU of the mesh: &gt; StartS.</param>
public readonly record struct StageRun(int Request, int Replica, int Stage, int Slot, double ReceivedS, double StartS, double EndS);

/// <summary>
/// What the engine tells observers. Implemented by structs and passed as a generic argument, so the
/// calls are resolved at compile time: no virtual dispatch on the event path. Observers never change
/// the simulation.
/// </summary>
public interface ISimulationObserver
{
    void OnStageScheduled(in StageRun run);

    /// <summary>The last stage of a request ended at <paramref name="completionS"/>.</summary>
    void OnRequestCompleted(int request, int model, double arrivalS, double completionS);
}
