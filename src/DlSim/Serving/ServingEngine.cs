using DlSim.Kernel;
using DlSim.Workloads;

namespace DlSim.Serving;

/// <summary>
/// The seed's serving model as a discrete-event simulation (see the spec's "A request's life"):
/// a request goes to the replica of its service whose first-stage mesh has the smallest idle time
/// (ties: file order); each stage starts when its mesh is free (plus the dispatch overhead if the
/// mesh was busy on receipt), FIFO per GPU; the next stage is received when the previous one ends.
/// Arrivals stream from the source in chunks; only in-flight stage completions sit in the queue,
/// so memory does not grow with the number of requests.
/// </summary>
public sealed class ServingEngine
{
    /// <summary>An in-flight stage; carries what completion needs so no per-request table is kept.</summary>
    private struct StageDone
    {
        public int Request;
        public int Replica;
        public int Stage;
        public int Model;
        public double ArrivalS;
    }

    private const int ChunkSize = 4096;

    private readonly ServingLayout _layout;
    private readonly double[] _busyUntil;
    private readonly EventQueue<StageDone> _queue = new();

    /// <summary>Requests between two progress reports.</summary>
    public const int ProgressInterval = 1 << 20;

    public ServingEngine(ServingLayout layout)
    {
        _layout = layout;
        _busyUntil = new double[layout.GpuCount];
    }

    /// <summary>Plays the whole workload.</summary>
    public long Run<TObserver>(Workload workload, ref TObserver observer, Action<long, long>? progress = null)
        where TObserver : struct, ISimulationObserver
    {
        using var source = new WorkloadSource(workload);
        return Run(source, ref observer, progress, workload.Count);
    }

    /// <summary>Plays every request of the source; returns how many arrived.
    /// <paramref name="progress"/> gets (arrived, <paramref name="expected"/>) every <see cref="ProgressInterval"/> arrivals.</summary>
    public long Run<TObserver>(IRequestSource source, ref TObserver observer, Action<long, long>? progress = null, long expected = 0)
        where TObserver : struct, ISimulationObserver
    {
        var models = new int[ChunkSize];
        var arrivals = new double[ChunkSize];
        int length = 0, next = 0;
        long arrived = 0;
        while (true)
        {
            if (next == length)
            {
                length = source.Read(models, arrivals);
                next = 0;
                CheckChunk(models, length);
            }
            // Completions at time t run before arrivals at t (EventPhase order).
            if (_queue.Count > 0 && (next == length || _queue.PeekTime <= arrivals[next]))
            {
                var done = _queue.Pop(out double now);
                int nextStage = done.Stage + 1;
                if (nextStage < _layout.ReplicaStageCount[done.Replica])
                    Schedule(done.Request, done.Replica, nextStage, done.Model, done.ArrivalS, now, ref observer);
                else
                    observer.OnRequestCompleted(done.Request, done.Model, done.ArrivalS, now);
            }
            else if (next < length)
            {
                double now = arrivals[next];
                int model = models[next];
                int request = checked((int)arrived);
                Schedule(request, ChooseReplica(_layout.ServiceOfModel[model], now), 0, model, now, now, ref observer);
                next++;
                arrived++;
                if (progress is not null && (arrived & (ProgressInterval - 1)) == 0) progress(arrived, expected);
            }
            else break;
        }
        return arrived;
    }

    private void CheckChunk(int[] models, int length)
    {
        var serviceOf = _layout.ServiceOfModel;
        for (int i = 0; i < length; i++)
            if ((uint)models[i] >= (uint)serviceOf.Length || serviceOf[models[i]] < 0)
                throw new InvalidOperationException($"model {models[i]} has no service (the deployment was resolved for fewer models)");
    }

    /// <summary>The replica whose first-stage mesh has the smallest idle time at <paramref name="now"/>; ties go to the first in file order.</summary>
    private int ChooseReplica(int service, double now)
    {
        var l = _layout;
        int first = l.ServiceFirst[service];
        int count = l.ServiceReplicaCount[service];
        int best = l.ServiceReplicas[first];
        if (count == 1) return best;
        double bestIdle = IdleTime(l.ReplicaFirstSlot[best], now);
        for (int i = 1; i < count; i++)
        {
            int r = l.ServiceReplicas[first + i];
            double idle = IdleTime(l.ReplicaFirstSlot[r], now);
            if (idle < bestIdle) { best = r; bestIdle = idle; }
        }
        return best;
    }

    /// <summary>Latest busy-until of the slot's GPUs if any is busy at <paramref name="now"/>, else 0 (an idle mesh counts as 0).</summary>
    private double IdleTime(int slot, double now)
    {
        var l = _layout;
        int start = l.SlotGpuStart[slot];
        int end = start + l.SlotGpuCount[slot];
        double latest = 0;
        for (int i = start; i < end; i++)
        {
            double b = _busyUntil[l.SlotGpus[i]];
            if (b > latest) latest = b;
        }
        return latest > now ? latest : 0;
    }

    private void Schedule<TObserver>(int request, int replica, int stage, int model, double arrivalS, double now, ref TObserver observer)
        where TObserver : struct, ISimulationObserver
    {
        var l = _layout;
        int slot = l.ReplicaFirstSlot[replica] + stage;
        double idle = IdleTime(slot, now);
        double start = idle > 0 ? idle + l.ReplicaOverheadS[replica] : now;
        double end = start + l.SlotLatencyS[slot];
        int gpuStart = l.SlotGpuStart[slot];
        int gpuEnd = gpuStart + l.SlotGpuCount[slot];
        for (int i = gpuStart; i < gpuEnd; i++) _busyUntil[l.SlotGpus[i]] = end;
        observer.OnStageScheduled(new StageRun(request, replica, stage, slot, now, start, end));
        _queue.Push(end, EventPhase.StageCompletion, l.SlotRank[slot],
            new StageDone { Request = request, Replica = replica, Stage = stage, Model = model, ArrivalS = arrivalS });
    }
}
