namespace DlSim.Search;

/// <summary>
/// AlpaServe's two placement algorithms (OSDI'23, §4), scored by this engine: selective replication (every GPU its own
/// group, greedy replica selection), greedy selection on equal groups of one size, and the full search over group
/// partitions and parallel configurations with greedy selection for each.
/// </summary>
public static class BaselineAlgorithms
{
    /// <summary><c>sr-greedy</c>: one-GPU groups, no model parallelism, greedy selection.</summary>
    public static void SelectiveReplication(SearchRun run) =>
        GreedySelection.Run(run, GreedySelection.EqualGroups(run.Problem, new ParallelConfig(1, 1)));

    /// <summary><c>mp-greedy</c>: equal groups of <paramref name="groupSize"/> GPUs (every size when null), each configuration, greedy selection.</summary>
    public static void EqualGroups(SearchRun run, int? groupSize)
    {
        var sizes = groupSize is int s ? [s] : run.Problem.GroupSizes();
        foreach (int size in sizes)
            foreach (var config in run.Problem.ConfigsFor(size))
            {
                if (run.Exhausted) return;
                GreedySelection.Run(run, GreedySelection.EqualGroups(run.Problem, config));
            }
    }

    /// <summary>
    /// <c>mp-search</c>: partitions of the GPUs into groups of one or two sizes (powers of two and whole nodes), each size
    /// with each of its configurations, greedy selection on each; equal partitions first, then mixed ones by group count.
    /// </summary>
    public static void PartitionSearch(SearchRun run)
    {
        foreach (var partition in Partitions(run.Problem))
        {
            if (run.Exhausted) return;
            var start = GreedySelection.Partition(run.Problem, partition);
            if (start is not null) GreedySelection.Run(run, start);
        }
    }

    /// <summary>Every partition with at most two group sizes, as (count, configuration) runs.</summary>
    public static IEnumerable<(int Count, ParallelConfig Config)[]> Partitions(PlacementProblem problem)
    {
        int total = problem.UsableGpus;
        var sizes = problem.GroupSizes().Where(s => (s & (s - 1)) == 0 || s % problem.Cluster.GpusPerNode == 0).ToArray();
        foreach (int s in sizes)
            foreach (var c in problem.ConfigsFor(s))
                yield return [(total / s, c)];
        var mixed = new List<(int, ParallelConfig, int, ParallelConfig)>();
        foreach (int big in sizes)
            foreach (int small in sizes.Where(x => x < big))
                for (int nBig = 1; nBig * big < total; nBig++)
                {
                    int rest = total - nBig * big;
                    if (rest % small != 0 || rest / small < 1) continue;
                    foreach (var cb in problem.ConfigsFor(big))
                        foreach (var cs in problem.ConfigsFor(small))
                            mixed.Add((nBig, cb, rest / small, cs));
                }
        foreach (var (nb, cb, ns, cs) in mixed.OrderBy(p => p.Item1 + p.Item3))
            yield return [(nb, cb), (ns, cs)];
    }
}
