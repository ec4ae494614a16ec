namespace DlSim.Serving;

/// <summary>Batch formation and SLO checks of queued requests: when a replica's queue starts its next batch.</summary>
public sealed partial class ServingEngine
{
    /// <summary>
    /// Starts a batch from the replica's queue if its first-stage mesh is free and the batching policy
    /// allows; otherwise arranges to look again when it could.
    /// </summary>
    private void FormBatch<TObserver>(int replica, double now, ref TObserver observer)
        where TObserver : struct, ISimulationObserver
    {
        var queue = _queues!;
        if (queue.Count(replica) == 0) return;
        double idle = _clocks.IdleTime(_layout.ReplicaFirstSlot[replica], now);
        if (idle > 0) { QueueBatchCheck(replica, idle); return; }
        if (_policy.Batching == BatchingPolicy.Wait && queue.Count(replica) < _policy.MaxBatch)
        {
            double deadline = queue.Peek(replica, 0).ArrivalS + _policy.BatchWaitS;
            if (now < deadline) { QueueBatchCheck(replica, deadline); return; }
        }
        var batches = _batches!;
        int handle = batches.Rent();
        double oldest = queue.Peek(replica, 0).ArrivalS;
        while (queue.Count(replica) > 0 && batches.Size(handle) < _policy.MaxBatch)
        {
            var head = queue.Peek(replica, 0);
            if (_policy.Admission == AdmissionPolicy.Slo && Misses(_admission!.PredictFinish(replica, 1, now), head.ArrivalS, head.Model))
            {
                queue.Dequeue(replica);
                if (_countOutstanding) _router.Finished(replica, 1);
                Drop(head.Request, head.Model, head.Client, head.ArrivalS, now, ref observer);
                continue;
            }
            int size = batches.Size(handle);
            if (_policy.Batching == BatchingPolicy.SloAware && size > 0 && AnyMisses(handle, head, _admission!.PredictFinish(replica, size + 1, now)))
                break;
            batches.Add(handle, queue.Dequeue(replica));
        }
        int count = batches.Size(handle);
        if (count == 0) { batches.Return(handle); return; }
        _admission?.Commit(replica, count, now);
        ref readonly var first = ref batches.Member(handle, 0);
        var e = new Pending { Stage = 0, Request = first.Request, Batch = handle, Replica = replica, Model = first.Model, Client = first.Client, ArrivalS = first.ArrivalS };
        Schedule(ref e, count, now, waited: oldest < now, ref observer);
        // Requests beyond this batch wait for the first stage to free again.
        if (queue.Count(replica) > 0) QueueBatchCheck(replica, _clocks.IdleTime(_layout.ReplicaFirstSlot[replica], now));
    }

    /// <summary>
    /// Whether a request finishing at <paramref name="finishS"/> misses its SLO, computed as its latency will be (finish −
    /// arrival, compared with the SLO), so that an admitted request never misses by a rounding error.
    /// </summary>
    private bool Misses(double finishS, double arrivalS, int model) => finishS - arrivalS > _sloS[model];

    /// <summary>Whether the batch's members, or <paramref name="next"/> joining them, would miss their SLOs finishing at <paramref name="finishS"/>.</summary>
    private bool AnyMisses(int handle, in WaitingRequest next, double finishS)
    {
        if (Misses(finishS, next.ArrivalS, next.Model)) return true;
        int size = _batches!.Size(handle);
        for (int i = 0; i < size; i++)
        {
            ref readonly var m = ref _batches.Member(handle, i);
            if (Misses(finishS, m.ArrivalS, m.Model)) return true;
        }
        return false;
    }
}
