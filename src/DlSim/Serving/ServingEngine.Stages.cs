using DlSim.Kernel;

namespace DlSim.Serving;

/// <summary>Placing a stage run on its mesh: start, run time and hand-off on the GPUs' clocks.</summary>
public sealed partial class ServingEngine
{
    /// <summary>
    /// Places stage <c>e.Stage</c> on its mesh: it starts when every GPU of the mesh is free, plus the dispatch
    /// overhead if the mesh was busy on receipt (or the batch waited in its queue), and occupies the mesh until it ends.
    /// A queued run takes the slot's busy run time (fitted timings only). With fitted timings a stage that has a next
    /// stage hands its output over only when the next mesh is ready (its last run's end + busy gap − idle delay), and holds
    /// its own mesh until then (blocking hand-off, <see cref="ServingLayout.SlotHandoffS"/>).
    /// </summary>
    private void Schedule<TObserver>(ref Pending e, int batchSize, double now, bool waited, ref TObserver observer)
        where TObserver : struct, ISimulationObserver
    {
        double end = Place(ref e, batchSize, now, waited, ref observer, out int rank);
        if (_layout.ReplicaPlacedWhole[e.Replica])
        {
            // Each later stage's mesh receives work only from one earlier mesh, in entry order, so placing the
            // whole pipeline now gives the times event-by-event placement would: one event per request.
            int stages = _layout.ReplicaStageCount[e.Replica];
            while (e.Stage + 1 < stages)
            {
                e.Stage++;
                end = Place(ref e, batchSize, end, waited: false, ref observer, out rank);
            }
            // Nothing waits for the completion (no client to send again, no outstanding count) and the observer takes
            // completions in any order: report it now, with no event (invariant 4 then holds for stage runs only).
            if (!TObserver.NeedsCompletionOrder && !_completionsFeedBack)
            {
                Finish(in e, end, ref observer);
                return;
            }
        }
        _queue.Push(end, EventPhase.StageCompletion, rank, e);
    }

    /// <summary>Reserves the mesh for stage <c>e.Stage</c> and tells the observer; returns when the stage ends and its completion rank.</summary>
    private double Place<TObserver>(ref Pending e, int batchSize, double now, bool waited, ref TObserver observer, out int rank)
        where TObserver : struct, ISimulationObserver
    {
        int slot = _replicaFirstSlot[e.Replica] + e.Stage;
        ref readonly var s = ref _slots[slot];
        int clock = s.MeshClock;
        double busyUntil = clock >= 0 ? _meshBusyUntil[clock] : _clocks.BusyUntil(slot);
        bool busy = busyUntil > now;
        double start = busy ? busyUntil + s.BusyGapS : waited ? now + s.BusyGapS : now + s.IdleDelayS;
        double latency = batchSize == 1 ? s.LatencyS : _layout.LatencyOf(slot, batchSize);
        double end = _adjustsRuns || _sampler is not null ? AdjustedRun(slot, ref start, busyUntil, latency, busy || waited) : start + latency;
        if (clock >= 0) _meshBusyUntil[clock] = end;
        else _clocks.Reserve(slot, end);
        var requests = e.Batch == Single ? new ReadOnlySpan<int>(ref e.Request) : _batches!.Requests(e.Batch);
        observer.OnStageScheduled(new StageRun(e.Request, batchSize, e.Replica, e.Stage, slot, now, start, end), requests);
        e.ExecutionS += end - start;
        rank = s.Rank;
        return end;
    }

    /// <summary>
    /// Start and end of a run with fitted timings or drawn run times: a run received on a mesh that freed (at
    /// <paramref name="freedS"/>) less than the slot's freed gap ago starts no earlier than that gap after; a stochastic run may
    /// first wait out a drawn pause of its mesh; a queued run takes the slot's busy run time, a stochastic run a drawn one; and a
    /// stage with a blocking hand-off ends no earlier than its next stage's mesh is ready for it.
    /// </summary>
    private double AdjustedRun(int slot, ref double start, double freedS, double latency, bool queued)
    {
        if (!queued && freedS > 0) start = Math.Max(start, freedS + _layout.SlotFreedGapS[slot]); // −∞ unless fitted: seed times stay bit-identical
        if (queued) latency *= _layout.SlotBusyScale[slot]; // 1 unless fitted
        if (_sampler is not null)
        {
            start += _sampler.DrawPause(slot);
            latency = _sampler.Draw(slot, latency);
        }
        return _layout.HandedOverAt(slot, start + latency, _clocks);
    }
}
