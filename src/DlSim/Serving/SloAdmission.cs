namespace DlSim.Serving;

/// <summary>
/// Predicts when a batch would finish on a replica from predicted GPU clocks: every admitted batch
/// raises the clocks of its stages' GPUs to its predicted stage ends, applying the engine's own rule
/// (start when the mesh frees, plus the overhead if it was busy). When replicas do not share GPUs and
/// stage times are deterministic the prediction is exact, so an admitted request never misses its SLO.
/// </summary>
public sealed class SloAdmission(ServingLayout layout)
{
    private readonly GpuClocks _predicted = new(layout);

    /// <summary>Predicted end of the batch's last stage if it entered the replica at <paramref name="now"/>.</summary>
    public double PredictFinish(int replica, int batchSize, double now)
    {
        double r = now;
        int first = layout.ReplicaFirstSlot[replica];
        int stages = layout.ReplicaStageCount[replica];
        for (int k = 0; k < stages; k++)
        {
            double idle = _predicted.IdleTime(first + k, r);
            double start = idle > 0 ? idle + layout.ReplicaOverheadS[replica] : r;
            r = start + layout.LatencyOf(first + k, batchSize);
        }
        return r;
    }

    /// <summary>Records an admitted batch's predicted stage ends.</summary>
    public void Commit(int replica, int batchSize, double now)
    {
        double r = now;
        int first = layout.ReplicaFirstSlot[replica];
        int stages = layout.ReplicaStageCount[replica];
        for (int k = 0; k < stages; k++)
        {
            double idle = _predicted.IdleTime(first + k, r);
            double start = idle > 0 ? idle + layout.ReplicaOverheadS[replica] : r;
            r = start + layout.LatencyOf(first + k, batchSize);
            _predicted.Raise(first + k, r);
        }
    }
}
