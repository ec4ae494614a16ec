namespace DlSim.Kernel;

/// <summary>
/// Which of several events at the same instant goes first. The order is part of the model
/// (the original tool's), not an accident of the queue: lower values run first.
/// </summary>
public enum EventPhase : byte
{
    /// <summary>Stages ending at t free their GPUs and hand on to the next stage before anything else at t.</summary>
    StageCompletion = 0,

    /// <summary>Requests arriving at t see the GPUs as every completion at t left them.</summary>
    Arrival = 1,

    /// <summary>Replicas form batches after every request arriving at t has joined their queues.</summary>
    BatchFormation = 2,
}
