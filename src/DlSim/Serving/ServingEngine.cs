using DlSim.Kernel;
using DlSim.Workloads;
using DlSim.Workloads.ClosedLoop;

namespace DlSim.Serving;

/// <summary>
/// The serving model as a discrete-event simulation. With the default policies it is the seed's
/// (see the spec's "A request's life"): a request goes to the replica of its service whose first-stage
/// mesh frees first; each stage starts when its mesh is free (plus the dispatch overhead if the mesh
/// was busy on receipt), FIFO per GPU; the next stage is received when the previous one ends.
/// Policies change the replica choice (<see cref="ReplicaRouter"/>), may refuse requests
/// (<see cref="SloAdmission"/>) and may queue requests per replica to run them in batches.
/// Open-loop arrivals stream from the source; closed-loop clients' sends, in-flight stages and
/// batch-formation checks are queued events, so memory does not grow with the number of requests.
/// </summary>
public sealed partial class ServingEngine
{
    private const int ClientSend = -1;
    private const int BatchCheck = -2;
    private const int Single = -1;

    /// <summary>An in-flight stage of a request or batch (carrying what completion needs), a client about to send
    /// (<see cref="Stage"/> = <see cref="ClientSend"/>), or a replica to try forming a batch (<see cref="BatchCheck"/>).</summary>
    private struct Pending
    {
        public int Stage;
        public int Request;
        /// <summary>Batch handle in the <see cref="BatchPool"/>, or <see cref="Single"/> for one request.</summary>
        public int Batch;
        public int Replica;
        public int Model;
        public int Client;
        public double ArrivalS;
        public double ExecutionS;
    }

    private const int ChunkSize = 4096;

    private readonly ServingLayout _layout;
    private readonly ServingPolicy _policy;
    private readonly GpuClocks _clocks;
    private readonly ReplicaRouter _router;
    private readonly SloAdmission? _admission;
    private readonly double[] _sloS;
    private readonly ReplicaQueues? _queues;
    private readonly BatchPool? _batches;
    private readonly double[] _checkAt;
    private readonly EventQueue<Pending> _queue = new();
    private readonly ClientPool? _clients;
    private readonly StageSampler? _sampler;
    // The layout's hot arrays, held directly: one load less per access on the event path.
    private readonly int[] _replicaFirstSlot;
    private readonly ServingLayout.SlotEssentials[] _slots;
    private readonly double[] _meshBusyUntil;
    private readonly bool _adjustsRuns;
    /// <summary>Per service: its only replica, or −1 when the router must choose.</summary>
    private readonly int[] _onlyReplica;
    private readonly bool _countOutstanding;
    /// <summary>Completions drive later events: closed-loop clients send again, load-aware routers count outstanding requests.</summary>
    private readonly bool _completionsFeedBack;

    /// <summary>Requests between two progress reports.</summary>
    public const int ProgressInterval = 1 << 20;

    /// <param name="slosS">SLO of each model (needed by SLO-aware policies).</param>
    /// <param name="sampler">Draws stage run times (stochastic mode); null runs every stage at its fixed latency.</param>
    public ServingEngine(ServingLayout layout, ClientPool? clients = null, ServingPolicy? policy = null, IReadOnlyList<double>? slosS = null,
        StageSampler? sampler = null)
    {
        _sampler = sampler;
        _replicaFirstSlot = layout.ReplicaFirstSlot;
        _slots = layout.Slots;
        _adjustsRuns = layout.AdjustsRuns;
        _onlyReplica = new int[layout.ServiceFirst.Length];
        for (int sv = 0; sv < _onlyReplica.Length; sv++)
            _onlyReplica[sv] = layout.ServiceReplicaCount[sv] == 1 ? layout.ServiceReplicas[layout.ServiceFirst[sv]] : -1;

        _layout = layout;
        _policy = policy ?? new ServingPolicy();
        _clocks = new GpuClocks(layout);
        _meshBusyUntil = _clocks.MeshBusyUntil;
        _router = new ReplicaRouter(layout, _clocks, _policy.Routing, _policy.Seed);
        _countOutstanding = _router.CountsOutstanding;
        bool predicts = _policy.Admission == AdmissionPolicy.Slo || _policy.Batching == BatchingPolicy.SloAware;
        _admission = predicts ? new SloAdmission(layout) : null;
        _sloS = [.. slosS ?? []];
        if (_policy.MaxBatch > 1)
        {
            _queues = new ReplicaQueues(layout.ReplicaCount);
            _batches = new BatchPool(_policy.MaxBatch);
        }
        _checkAt = new double[layout.ReplicaCount];
        Array.Fill(_checkAt, -1);
        _clients = clients;
        _completionsFeedBack = clients is not null || _countOutstanding;
    }

    /// <summary>Plays the whole workload.</summary>
    public long Run<TObserver>(Workload workload, ref TObserver observer, Action<long, long>? progress = null)
        where TObserver : struct, ISimulationObserver
    {
        using var source = new WorkloadSource(workload);
        return Run(source, ref observer, progress, workload.Count);
    }

    /// <summary>Plays every request of the source (and of the closed-loop clients); returns how many arrived.
    /// <paramref name="progress"/> gets (arrived, <paramref name="expected"/>) every <see cref="ProgressInterval"/> arrivals.</summary>
    public long Run<TObserver>(IRequestSource source, ref TObserver observer, Action<long, long>? progress = null, long expected = 0)
        where TObserver : struct, ISimulationObserver
    {
        var models = new int[ChunkSize];
        var arrivals = new double[ChunkSize];
        int length = 0, next = 0;
        long arrived = 0;
        if (_clients is not null)
            for (int c = 0; c < _clients.Count; c++) QueueClientSend(c, _clients.FirstSendS(c));
        while (true)
        {
            if (next == length)
            {
                length = source.Read(models, arrivals);
                next = 0;
                CheckChunk(models, length);
            }
            // Queued events at time t (completions first, by EventPhase) run before stream arrivals at t.
            if (_queue.Count > 0 && (next == length || _queue.PeekTime <= arrivals[next]))
            {
                double now = _queue.PeekTime;
                ref Pending top = ref _queue.PeekPayload();
                if (top.Stage >= 0) StageEnded(ref top, now, ref observer);
                else
                {
                    var e = top;
                    _queue.RemoveTop();
                    if (e.Stage == ClientSend)
                    {
                        Arrive(checked((int)arrived), e.Model, e.Client, now, ref observer);
                        if ((++arrived & (ProgressInterval - 1)) == 0) progress?.Invoke(arrived, expected);
                    }
                    else
                    {
                        if (_checkAt[e.Replica] == now) _checkAt[e.Replica] = -1;
                        FormBatch(e.Replica, now, ref observer);
                    }
                }
            }
            else if (next < length)
            {
                Arrive(checked((int)arrived), models[next], -1, arrivals[next], ref observer);
                next++;
                if ((++arrived & (ProgressInterval - 1)) == 0) progress?.Invoke(arrived, expected);
            }
            else break;
        }
        return arrived;
    }

    private void Arrive<TObserver>(int request, int model, int client, double now, ref TObserver observer)
        where TObserver : struct, ISimulationObserver
    {
        int service = _layout.ServiceOfModel[model];
        if (service < 0)
        {
            // An unserved model (no replica anywhere): refused on arrival, reported as unserved.
            Drop(request, model, client, now, now, ref observer);
            return;
        }
        int replica = _onlyReplica[service] >= 0 ? _onlyReplica[service] : _router.Choose(service, now);
        if (_queues is not null)
        {
            if (_countOutstanding) _router.Dispatched(replica, 1);
            _queues.Enqueue(replica, new WaitingRequest(request, model, client, now));
            FormBatch(replica, now, ref observer);
            return;
        }
        if (_admission is not null)
        {
            if (_policy.Admission == AdmissionPolicy.Slo && Misses(_admission.PredictFinish(replica, 1, now), now, model))
            {
                Drop(request, model, client, now, now, ref observer);
                return;
            }
            _admission.Commit(replica, 1, now);
        }
        if (_countOutstanding) _router.Dispatched(replica, 1);
        var e = new Pending { Stage = 0, Request = request, Batch = Single, Replica = replica, Model = model, Client = client, ArrivalS = now };
        Schedule(ref e, 1, now, waited: false, ref observer);
    }

    /// <summary>
    /// The queue's earliest event, a stage that ends at <paramref name="now"/>: the request (or batch) moves on
    /// to its next stage, re-queued in place, or finishes. <paramref name="top"/> is the payload in the queue.
    /// </summary>
    private void StageEnded<TObserver>(ref Pending top, double now, ref TObserver observer)
        where TObserver : struct, ISimulationObserver
    {
        top.Stage++;
        if (top.Stage < _layout.ReplicaStageCount[top.Replica])
        {
            double end = Place(ref top, top.Batch == Single ? 1 : _batches!.Size(top.Batch), now, waited: false, ref observer, out int rank);
            _queue.ReplaceTop(end, EventPhase.StageCompletion, rank);
            return;
        }
        // Copy out before the slot is freed: pushes below may reuse it.
        var e = top;
        _queue.RemoveTop();
        Finish(in e, now, ref observer);
    }

    /// <summary>The request (or every request of the batch) of <paramref name="e"/> completes at <paramref name="now"/>.</summary>
    private void Finish<TObserver>(in Pending e, double now, ref TObserver observer)
        where TObserver : struct, ISimulationObserver
    {
        if (e.Batch == Single)
        {
            observer.OnRequestCompleted(new RequestDone(e.Request, e.Model, e.Replica, e.ArrivalS, now, e.ExecutionS));
            if (_countOutstanding) _router.Finished(e.Replica, 1);
            if (e.Client >= 0) QueueClientSend(e.Client, _clients!.NextSendS(e.Client, now));
            return;
        }
        int size = _batches!.Size(e.Batch);
        for (int i = 0; i < size; i++)
        {
            var m = _batches.Member(e.Batch, i);
            observer.OnRequestCompleted(new RequestDone(m.Request, m.Model, e.Replica, m.ArrivalS, now, e.ExecutionS));
            if (m.Client >= 0) QueueClientSend(m.Client, _clients!.NextSendS(m.Client, now));
        }
        if (_countOutstanding) _router.Finished(e.Replica, size);
        _batches.Return(e.Batch);
    }

    private void Drop<TObserver>(int request, int model, int client, double arrivalS, double now, ref TObserver observer)
        where TObserver : struct, ISimulationObserver
    {
        observer.OnRequestDropped(request, model, arrivalS, now);
        if (client < 0) return;
        // A refused client with no think time would send again at this very instant, be refused again, and never let the
        // clock move: it backs off until its refused request's deadline instead.
        double next = _clients!.NextSendS(client, now);
        if (!(next > now)) next = now + Math.Max(model < _sloS.Length ? _sloS[model] : 0, MinRetryAfterRefusalS);
        QueueClientSend(client, next);
    }

    /// <summary>The least a refused closed-loop client waits before it sends again (when its model's SLO is no longer).</summary>
    public const double MinRetryAfterRefusalS = 1e-3;

    /// <summary>Queues a client's next request; nothing once it is past the run's duration (+∞ or ≥ duration).</summary>
    private void QueueClientSend(int client, double atS)
    {
        if (!(atS < _clients!.DurationS)) return;
        _queue.Push(atS, EventPhase.Arrival, 0, new Pending { Stage = ClientSend, Request = -1, Batch = Single, Model = _clients.ModelOf(client), Client = client });
    }

    /// <summary>Queues a batch-formation check unless one is already due no later.</summary>
    private void QueueBatchCheck(int replica, double atS)
    {
        double pending = _checkAt[replica];
        if (pending >= 0 && pending <= atS) return;
        _checkAt[replica] = atS;
        _queue.Push(atS, EventPhase.BatchFormation, 0, new Pending { Stage = BatchCheck, Request = -1, Batch = Single, Replica = replica, Client = -1 });
    }

    private void CheckChunk(int[] models, int length)
    {
        var serviceOf = _layout.ServiceOfModel;
        for (int i = 0; i < length; i++)
            if ((uint)models[i] >= (uint)serviceOf.Length)
                throw new InvalidOperationException($"model {models[i]} is beyond the {serviceOf.Length} models the deployment was resolved for");
    }
}
