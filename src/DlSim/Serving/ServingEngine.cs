using DlSim.Kernel;
using DlSim.Workloads;
using DlSim.Workloads.ClosedLoop;

namespace DlSim.Serving;

/// <summary>
/// The seed's serving model as a discrete-event simulation (see the spec's "A request's life"):
/// a request goes to the replica of its service whose first-stage mesh has the smallest idle time
/// (ties: file order); each stage starts when its mesh is free (plus the dispatch overhead if the
/// mesh was busy on receipt), FIFO per GPU; the next stage is received when the previous one ends.
/// Open-loop arrivals stream from the source in chunks; closed-loop clients' requests are queued
/// events, each sent when the client's previous response arrived plus a think time. Only in-flight
/// stages and pending client sends sit in the queue, so memory does not grow with the number of requests.
/// </summary>
public sealed class ServingEngine
{
    /// <summary>An in-flight stage (carrying what completion needs, so no per-request table is kept),
    /// or, with <see cref="Stage"/> = <see cref="ClientSend"/>, a closed-loop client about to send.</summary>
    private struct StageDone
    {
        public int Request;
        public int Replica;
        public int Stage;
        public int Model;
        /// <summary>The closed-loop client that sent the request; −1 for open-loop traffic.</summary>
        public int Client;
        public double ArrivalS;
    }

    private const int ClientSend = -1;

    private const int ChunkSize = 4096;

    private readonly ServingLayout _layout;
    private readonly double[] _busyUntil;
    private readonly EventQueue<StageDone> _queue = new();
    private readonly ClientPool? _clients;

    /// <summary>Requests between two progress reports.</summary>
    public const int ProgressInterval = 1 << 20;

    public ServingEngine(ServingLayout layout, ClientPool? clients = null)
    {
        _layout = layout;
        _busyUntil = new double[layout.GpuCount];
        _clients = clients;
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
        if (_clients is not null)
            for (int c = 0; c < _clients.Count; c++)
                QueueClientSend(c, _clients.FirstSendS(c));
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
                if (done.Stage == ClientSend)
                {
                    Dispatch(checked((int)arrived), done.Model, done.Client, now, ref observer);
                    if ((++arrived & (ProgressInterval - 1)) == 0) progress?.Invoke(arrived, expected);
                }
                else if (nextStage < _layout.ReplicaStageCount[done.Replica])
                    Schedule(done.Request, done.Replica, nextStage, done.Model, done.Client, done.ArrivalS, now, ref observer);
                else
                {
                    observer.OnRequestCompleted(done.Request, done.Model, done.ArrivalS, now);
                    if (done.Client >= 0) QueueClientSend(done.Client, _clients!.NextSendS(done.Client, now));
                }
            }
            else if (next < length)
            {
                Dispatch(checked((int)arrived), models[next], -1, arrivals[next], ref observer);
                next++;
                if ((++arrived & (ProgressInterval - 1)) == 0) progress?.Invoke(arrived, expected);
            }
            else break;
        }
        return arrived;
    }

    private void Dispatch<TObserver>(int request, int model, int client, double now, ref TObserver observer)
        where TObserver : struct, ISimulationObserver =>
        Schedule(request, ChooseReplica(_layout.ServiceOfModel[model], now), 0, model, client, now, now, ref observer);

    /// <summary>Queues a client's next request; nothing once it is past the run's duration (+∞ or ≥ duration).</summary>
    private void QueueClientSend(int client, double atS)
    {
        if (!(atS < _clients!.DurationS)) return;
        _queue.Push(atS, EventPhase.Arrival, 0, new StageDone { Request = -1, Replica = -1, Stage = ClientSend, Model = _clients.ModelOf(client), Client = client });
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

    private void Schedule<TObserver>(int request, int replica, int stage, int model, int client, double arrivalS, double now, ref TObserver observer)
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
            new StageDone { Request = request, Replica = replica, Stage = stage, Model = model, Client = client, ArrivalS = arrivalS });
    }
}
