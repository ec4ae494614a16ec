namespace DlSim.Search;

/// <summary>
/// Every candidate of a small problem: every tiling of the usable GPUs into groups of valid sizes, every configuration of
/// each group, and every set of models on each group that fits. Exponential: for checking the other algorithms on
/// problems of a few GPUs and models.
/// </summary>
public static class ExhaustiveSearch
{
    public static void Run(SearchRun run)
    {
        var all = new List<Candidate>();
        Extend(run.Problem, 0, [], all, int.MaxValue);
        run.Score(all);
    }

    /// <summary>How many candidates the exhaustive search would score, counting no further than <paramref name="limit"/> + 1.</summary>
    public static int Count(PlacementProblem problem, int limit = int.MaxValue - 1)
    {
        var all = new List<Candidate>();
        Extend(problem, 0, [], all, limit + 1);
        return all.Count;
    }

    /// <returns>False once <paramref name="cap"/> candidates are listed (the enumeration stops there).</returns>
    private static bool Extend(PlacementProblem problem, int start, List<GpuGroup> groups, List<Candidate> output, int cap)
    {
        if (output.Count >= cap) return false;
        if (start == problem.UsableGpus)
        {
            output.Add(new Candidate(groups));
            return output.Count < cap;
        }
        foreach (int size in problem.GroupSizes())
        {
            if (!problem.CanStartAt(start, size)) continue;
            foreach (var config in problem.ConfigsFor(size))
                for (int mask = 0; mask < 1 << problem.ModelCount; mask++)
                {
                    var models = Enumerable.Range(0, problem.ModelCount).Where(m => (mask >> m & 1) != 0).ToArray();
                    var group = new GpuGroup(start, config, models);
                    if (!problem.Fits(group)) continue;
                    groups.Add(group);
                    bool more = Extend(problem, start + size, groups, output, cap);
                    groups.RemoveAt(groups.Count - 1);
                    if (!more) return false;
                }
        }
        return true;
    }
}
