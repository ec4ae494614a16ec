using DlSim.Workloads;

namespace DlSim.Routing;

/// <summary>The loads of the replicas a choice is made among, by position 0 … <see cref="Count"/> − 1; lower is better.</summary>
public interface IReplicaLoads
{
    /// <summary>Replicas to choose among; ≥ 1.</summary>
    int Count { get; }

    /// <summary>Load of the replica at <paramref name="position"/> (requests, tokens or blocks: the caller's unit).</summary>
    long LoadAt(int position);
}

/// <summary>
/// The replica-choice rules the serving engine and the LLM router share. Every rule answers a position in
/// 0 … count − 1 (the caller maps it to a replica); ties go to the lowest position. Generic over a struct, so each
/// caller gets its own compiled copy: no interface dispatch on the event path.
/// </summary>
public static class ReplicaChoice
{
    /// <summary>Round-robin: the position in turn, then advances the turn (wrapping at <paramref name="count"/>).</summary>
    public static int InTurn(ref int turn, int count)
    {
        int position = turn;
        turn = position + 1 == count ? 0 : position + 1;
        return position;
    }

    /// <summary>A position drawn uniformly: one draw of <paramref name="rng"/>.</summary>
    public static int Uniform(DeterministicRng rng, int count) => (int)(rng.NextDouble() * count);

    /// <summary>The position with the smallest load; ties to the lowest position.</summary>
    public static int Least<TLoads>(in TLoads loads) where TLoads : struct, IReplicaLoads
    {
        int best = 0;
        long bestLoad = loads.LoadAt(0);
        for (int p = 1; p < loads.Count; p++)
        {
            long load = loads.LoadAt(p);
            if (load < bestLoad) { best = p; bestLoad = load; }
        }
        return best;
    }

    /// <summary>
    /// Power of two choices: two distinct positions drawn uniformly (two draws), the one with the smaller load; a tie
    /// goes to the lower position. With one replica there is nothing to draw.
    /// </summary>
    public static int BetterOfTwo<TLoads>(in TLoads loads, DeterministicRng rng) where TLoads : struct, IReplicaLoads
    {
        int count = loads.Count;
        if (count == 1) return 0;
        int a = Uniform(rng, count);
        int b = Uniform(rng, count - 1);
        if (b >= a) b++;
        long la = loads.LoadAt(a), lb = loads.LoadAt(b);
        return lb < la || (lb == la && b < a) ? b : a;
    }
}
