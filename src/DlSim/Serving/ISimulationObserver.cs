namespace DlSim.Serving;

/// <summary>One stage of one batch (usually a single request) placed on its mesh. Times in seconds.</summary>
/// <param name="Request">The batch's first request.</param>
/// <param name="BatchSize">How many requests run together (1 without batching).</param>
/// <param name="Slot">The replica stage's slot in the <see cref="ServingLayout"/> (gives its GPUs).</param>
/// <param name="ReceivedS">When the mesh received the stage (the simulation clock at scheduling).</param>
/// <param name="StartS">When it starts: ≥ ReceivedS.</param>
/// <param name="EndS">When it ends on every GPU of the mesh: &gt; StartS.</param>
public readonly record struct StageRun(int Request, int BatchSize, int Replica, int Stage, int Slot, double ReceivedS, double StartS, double EndS);

/// <summary>A request that finished. Times in seconds.</summary>
/// <param name="ExecutionS">Time its stages ran; the rest of its latency was spent queueing.</param>
public readonly record struct RequestDone(int Request, int Model, int Replica, double ArrivalS, double CompletionS, double ExecutionS)
{
    public double LatencyS => CompletionS - ArrivalS;
}

/// <summary>
/// What the engine tells observers. Implemented by structs and passed as a generic argument, so the
/// calls are resolved at compile time: no virtual dispatch on the event path. Observers never change
/// the simulation.
/// </summary>
public interface ISimulationObserver
{
    /// <summary>A stage of a batch was placed; <paramref name="requests"/> lists the batch's requests.</summary>
    void OnStageScheduled(in StageRun run, ReadOnlySpan<int> requests);

    void OnRequestCompleted(in RequestDone done);

    /// <summary>Admission control refused the request at <paramref name="nowS"/>; it never occupies a GPU.</summary>
    void OnRequestDropped(int request, int model, double arrivalS, double nowS);

    /// <summary>
    /// True (the default) when the observer must see completions in time order. False lets the engine report a request
    /// placed whole (<see cref="ServingLayout.ReplicaPlacedWhole"/>) as completed as soon as its last stage is placed, with
    /// no completion event, when nothing else in the run waits for the completion.
    /// </summary>
    static virtual bool NeedsCompletionOrder => true;
}
