namespace DlSim.Serving;

/// <summary>
/// Predicts when a batch would finish on a replica from predicted GPU clocks: every admitted batch
/// raises the clocks of its stages' GPUs to its predicted stage ends, applying the engine's own rule
/// (start when the mesh frees, plus the busy gap if it was busy, or the idle delay if it was not; with fitted timings a
/// stage hands over no earlier than its next stage's mesh is ready).
/// When replicas do not share GPUs and stage times are deterministic the prediction is exact, so an
/// admitted request never misses its SLO.
/// </summary>
public sealed class SloAdmission(ServingLayout layout)
{
    private readonly GpuClocks _predicted = new(layout);

    /// <summary>Predicted end of the batch's last stage if it entered the replica at <paramref name="now"/>.</summary>
    public double PredictFinish(int replica, int batchSize, double now) => Walk(replica, batchSize, now, commit: false);

    /// <summary>Records an admitted batch's predicted stage ends.</summary>
    public void Commit(int replica, int batchSize, double now) => Walk(replica, batchSize, now, commit: true);

    private double Walk(int replica, int batchSize, double now, bool commit)
    {
        double r = now;
        int first = layout.ReplicaFirstSlot[replica];
        int stages = layout.ReplicaStageCount[replica];
        for (int k = 0; k < stages; k++)
        {
            int slot = first + k;
            double idle = _predicted.IdleTime(slot, r);
            double start = idle > 0 ? idle + layout.Slots[slot].BusyGapS : r + layout.Slots[slot].IdleDelayS;
            r = layout.HandedOverAt(slot, start + layout.LatencyOf(slot, batchSize), _predicted);
            if (commit) _predicted.Raise(slot, r);
        }
        return r;
    }
}
