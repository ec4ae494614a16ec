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
        Extend(run.Problem, 0, [], all);
        run.Score(all);
    }

    /// <summary>How many candidates the exhaustive search would score.</summary>
    public static int Count(PlacementProblem problem)
    {
        var all = new List<Candidate>();
        Extend(problem, 0, [], all);
        return all.Count;
    }

    private static void Extend(PlacementProblem problem, int start, List<GpuGroup> groups, List<Candidate> output)
    {
        if (start == problem.UsableGpus)
        {
            output.Add(new Candidate(groups));
            return;
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
                    Extend(problem, start + size, groups, output);
                    groups.RemoveAt(groups.Count - 1);
                }
        }
    }
}
