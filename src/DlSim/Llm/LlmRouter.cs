using DlSim.Routing;
using DlSim.Workloads;

namespace DlSim.Llm;

/// <summary>
/// Picks the replica for a new request by the deployment's <see cref="LlmRouting"/> policy, through the rules the
/// serving engine uses too (<see cref="ReplicaChoice"/>). One router per set of replicas: it keeps the turn and the
/// seeded random stream, so the same seed gives the same choices.
/// </summary>
internal sealed class LlmRouter(LlmRouting policy, ulong seed)
{
    private readonly DeterministicRng _rng = new(seed);
    private int _turn;

    /// <summary>The position in <paramref name="replicas"/> of the chosen replica.</summary>
    /// <param name="queuedRequests">Per replica, requests routed there but not yet in its engine (counted as outstanding).</param>
    /// <param name="queuedBlocks">Per replica, KV blocks those queued requests will take (counted in its KV demand).</param>
    public int Choose(LlmReplica[] replicas, int[]? queuedRequests = null, long[]? queuedBlocks = null) => policy switch
    {
        LlmRouting.RoundRobin => ReplicaChoice.InTurn(ref _turn, replicas.Length),
        LlmRouting.LeastOutstanding => ReplicaChoice.Least(new OutstandingRequests(replicas, queuedRequests)),
        LlmRouting.Random => ReplicaChoice.Uniform(_rng, replicas.Length),
        LlmRouting.PowerOfTwo => ReplicaChoice.BetterOfTwo(new OutstandingRequests(replicas, queuedRequests), _rng),
        LlmRouting.LeastKv => ReplicaChoice.Least(new KvDemand(replicas, queuedBlocks)),
        _ => throw new ArgumentOutOfRangeException(nameof(policy), policy, "unknown routing policy"),
    };

    private readonly struct OutstandingRequests(LlmReplica[] replicas, int[]? queued) : IReplicaLoads
    {
        public int Count => replicas.Length;
        public long LoadAt(int position) => replicas[position].Outstanding + (queued is null ? 0 : queued[position]);
    }

    private readonly struct KvDemand(LlmReplica[] replicas, long[]? queued) : IReplicaLoads
    {
        public int Count => replicas.Length;
        public long LoadAt(int position) => replicas[position].KvDemandBlocks + (queued is null ? 0 : queued[position]);
    }
}
