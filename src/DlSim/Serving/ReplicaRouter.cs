using DlSim.Routing;
using DlSim.Workloads;

namespace DlSim.Serving;

/// <summary>
/// Picks the replica of a service for a request, by the run's <see cref="RoutingPolicy"/> (one switch,
/// no virtual calls). Tracks outstanding requests per replica for the load-aware policies.
/// </summary>
public sealed class ReplicaRouter
{
    private readonly ServingLayout _layout;
    private readonly GpuClocks _clocks;
    private readonly RoutingPolicy _policy;
    private readonly DeterministicRng _rng;
    private readonly int[] _nextInTurn;
    private readonly int[] _outstanding;
    /// <summary>Aligned with the layout's service replica list: the mesh clock of each replica's first stage (−1: per-GPU clocks).</summary>
    private readonly int[] _firstStageClock;
    private readonly double[] _meshBusyUntil;

    public ReplicaRouter(ServingLayout layout, GpuClocks clocks, RoutingPolicy policy, ulong seed)
    {
        _layout = layout;
        _clocks = clocks;
        _policy = policy;
        _rng = new DeterministicRng(seed);
        _nextInTurn = new int[layout.ServiceFirst.Length];
        _outstanding = new int[layout.ReplicaCount];
        _firstStageClock = layout.ServiceReplicas.Select(r => layout.SlotMeshClock[layout.ReplicaFirstSlot[r]]).ToArray();
        _meshBusyUntil = clocks.MeshBusyUntil;
    }

    /// <summary>True when the policy looks at outstanding requests (others need not count them).</summary>
    public bool CountsOutstanding => _policy is RoutingPolicy.LeastOutstanding or RoutingPolicy.PowerOfTwo;

    public void Dispatched(int replica, int count) => _outstanding[replica] += count;
    public void Finished(int replica, int count) => _outstanding[replica] -= count;

    public int Choose(int service, double now)
    {
        var l = _layout;
        int first = l.ServiceFirst[service];
        int count = l.ServiceReplicaCount[service];
        if (count == 1) return l.ServiceReplicas[first];
        switch (_policy)
        {
            case RoutingPolicy.RoundRobin:
                return l.ServiceReplicas[first + ReplicaChoice.InTurn(ref _nextInTurn[service], count)];
            case RoutingPolicy.LeastOutstanding:
                return l.ServiceReplicas[first + ReplicaChoice.Least(new ServiceOutstanding(_outstanding, l.ServiceReplicas, first, count))];
            case RoutingPolicy.Random:
                return l.ServiceReplicas[first + ReplicaChoice.Uniform(_rng, count)];
            case RoutingPolicy.PowerOfTwo:
                return l.ServiceReplicas[first + ReplicaChoice.BetterOfTwo(new ServiceOutstanding(_outstanding, l.ServiceReplicas, first, count), _rng)];
            case RoutingPolicy.EarliestFinish:
                return EarliestFinish(first, count, now);
            default:
                return EarliestFree(first, count, now);
        }
    }

    /// <summary>The replica whose first-stage mesh has the smallest idle time at <paramref name="now"/>; ties go to the first in file order.</summary>
    private int EarliestFree(int first, int count, double now)
    {
        int best = first;
        double bestIdle = IdleTime(first, now);
        // An idle mesh counts as 0, the least possible: the first idle replica wins every tie after it.
        for (int i = first + 1; i < first + count && bestIdle > 0; i++)
        {
            double idle = IdleTime(i, now);
            if (idle < bestIdle) { best = i; bestIdle = idle; }
        }
        return _layout.ServiceReplicas[best];
    }

    /// <summary>The replica whose pipeline would end first for a request entering at <paramref name="now"/>; ties to file order.</summary>
    private int EarliestFinish(int first, int count, double now)
    {
        int best = _layout.ServiceReplicas[first];
        double bestEnd = PredictedEnd(best, now);
        for (int i = first + 1; i < first + count; i++)
        {
            int r = _layout.ServiceReplicas[i];
            double end = PredictedEnd(r, now);
            if (end < bestEnd) { best = r; bestEnd = end; }
        }
        return best;
    }

    /// <summary>
    /// When a single request entering the replica at <paramref name="now"/> would end its last stage, by the engine's rule
    /// (start when the mesh frees plus the busy gap, or after the idle delay), over the work placed on the GPUs so far.
    /// </summary>
    private double PredictedEnd(int replica, double now)
    {
        var l = _layout;
        double t = now;
        int firstSlot = l.ReplicaFirstSlot[replica], stages = l.ReplicaStageCount[replica];
        for (int slot = firstSlot; slot < firstSlot + stages; slot++)
        {
            ref readonly var s = ref l.Slots[slot];
            double busy = _clocks.IdleTime(slot, t);
            t = (busy > 0 ? busy + s.BusyGapS : t + s.IdleDelayS) + s.LatencyS;
        }
        return t;
    }

    /// <summary>Idle time of the first-stage mesh of the replica at <paramref name="position"/> of the service replica list.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    private double IdleTime(int position, double now)
    {
        int clock = _firstStageClock[position];
        if (clock < 0) return _clocks.IdleTime(_layout.ReplicaFirstSlot[_layout.ServiceReplicas[position]], now);
        double busy = _meshBusyUntil[clock];
        return busy > now ? busy : 0;
    }

    /// <summary>Outstanding requests of one service's replicas, by position in its replica list (ascending replica ids,
    /// so ties to the lowest position are ties to the lowest replica).</summary>
    private readonly struct ServiceOutstanding(int[] outstanding, int[] serviceReplicas, int first, int count) : IReplicaLoads
    {
        public int Count => count;
        public long LoadAt(int position) => outstanding[serviceReplicas[first + position]];
    }
}
