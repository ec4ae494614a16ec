using DlSim.Workloads;

namespace DlSim.Runs;

/// <summary>
/// Runs independent replications of a stochastic simulation in parallel. Replication i gets the i-th seed drawn from
/// <c>new DeterministicRng(seed)</c>, and results come back in replication order, so the output does not depend on
/// how many cores ran them or in which order they finished.
/// </summary>
public static class Replications
{
    /// <summary>The seeds of <paramref name="count"/> replications derived from <paramref name="seed"/>.</summary>
    public static ulong[] Seeds(ulong seed, int count)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        var rng = new DeterministicRng(seed);
        var seeds = new ulong[count];
        for (int i = 0; i < count; i++) seeds[i] = rng.NextUInt64();
        return seeds;
    }

    /// <summary>Calls <paramref name="run"/>(index, seed) for every replication on all cores; each call must share no mutable state.</summary>
    /// <param name="maxParallel">Cores to use; 0 means all.</param>
    public static T[] Run<T>(int count, ulong seed, Func<int, ulong, T> run, int maxParallel = 0)
    {
        var seeds = Seeds(seed, count);
        var results = new T[count];
        var options = new ParallelOptions { MaxDegreeOfParallelism = maxParallel > 0 ? maxParallel : Environment.ProcessorCount };
        try
        {
            Parallel.For(0, count, options, i => results[i] = run(i, seeds[i]));
        }
        catch (AggregateException e) when (e.InnerExceptions.Count > 0)
        {
            // Bad input fails every replication the same way: report it once, as a plain exception.
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e.InnerExceptions[0]).Throw();
        }
        return results;
    }
}
