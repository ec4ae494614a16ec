namespace DlSim.Search;

/// <summary>
/// Starting placements built without simulation. <see cref="Build"/>: equal groups of one configuration, then replicas
/// added one at a time to the model with the highest load per replica (arrival rate × its slowest stage's time ÷
/// replicas), each on the least loaded group that lacks it and has memory for it, until no model fits anywhere more. Many
/// replicas spread over many groups let bursts of one model use GPUs that others leave idle. <see cref="Clustered"/> does
/// the same within blocks of GPUs, each serving its own share of the models, so that the search later re-simulates one
/// block's traffic, not the whole cluster's, for a change inside a block.
/// </summary>
public static class LoadBalancedStart
{
    public static Candidate Build(PlacementProblem problem, ParallelConfig config) =>
        Fill(problem, GreedySelection.EqualGroups(problem, config).Groups.ToArray(), Enumerable.Range(0, problem.ModelCount).ToArray(), config);

    /// <summary>
    /// The usable GPUs split into blocks of <paramref name="blockGpus"/>; models dealt to blocks by load (heaviest first, each
    /// to the least loaded block), then each block filled as <see cref="Build"/> does with its own models. Null when the
    /// configuration does not tile a block or there are fewer than two blocks.
    /// </summary>
    public static Candidate? Clustered(PlacementProblem problem, ParallelConfig config, int blockGpus)
    {
        int blocks = problem.UsableGpus / blockGpus;
        if (blocks < 2 || blockGpus % config.Gpus != 0) return null;
        var load = Loads(problem, config);
        var blockLoad = new double[blocks];
        var members = Enumerable.Range(0, blocks).Select(_ => new List<int>()).ToArray();
        foreach (int m in Enumerable.Range(0, problem.ModelCount).OrderByDescending(m => load[m]).ThenBy(m => m))
        {
            int b = Array.IndexOf(blockLoad, blockLoad.Min());
            members[b].Add(m);
            blockLoad[b] += load[m];
        }
        var groups = new List<GpuGroup>();
        for (int b = 0; b < blocks; b++)
        {
            var blockGroups = new List<GpuGroup>();
            for (int start = b * blockGpus; start + config.Gpus <= (b + 1) * blockGpus; start += config.Gpus)
            {
                if (!problem.CanStartAt(start, config.Gpus)) return null;
                blockGroups.Add(new GpuGroup(start, config, []));
            }
            groups.AddRange(Fill(problem, blockGroups.ToArray(), [.. members[b]], config).Groups);
        }
        return new Candidate(groups);
    }

    private static Candidate Fill(PlacementProblem problem, GpuGroup[] groups, int[] eligible, ParallelConfig config)
    {
        var load = Loads(problem, config);
        var replicas = new int[problem.ModelCount];
        var open = new bool[problem.ModelCount];
        foreach (int m in eligible) open[m] = load[m] > 0;
        var groupLoad = new double[groups.Length];
        while (true)
        {
            int pick = -1;
            foreach (int m in eligible)
                if (open[m] && (pick < 0 || load[m] / (replicas[m] + 1) > load[pick] / (replicas[pick] + 1))) pick = m;
            if (pick < 0) break;
            int target = -1;
            for (int g = 0; g < groups.Length; g++)
                if (!groups[g].Has(pick) && (target < 0 || groupLoad[g] < groupLoad[target]) && problem.Fits(groups[g].WithModel(pick)))
                    target = g;
            if (target < 0) { open[pick] = false; continue; }
            // The model's load spreads over one more replica.
            double share = load[pick] / (replicas[pick] + 1);
            for (int g = 0; g < groups.Length; g++)
                if (groups[g].Has(pick)) groupLoad[g] += share - load[pick] / replicas[pick];
            groups[target] = groups[target].WithModel(pick);
            groupLoad[target] += share;
            replicas[pick]++;
        }
        return new Candidate(groups);
    }

    /// <summary>Each model's load on this configuration: requests per second × the time of its slowest stage (0 without an executable).</summary>
    private static double[] Loads(PlacementProblem problem, ParallelConfig config)
    {
        double duration = Math.Max(problem.Workload.Header.DurationS, problem.Workload.Count > 0 ? problem.Workload.ArrivalsS[^1] : 0);
        var load = new double[problem.ModelCount];
        for (int m = 0; m < load.Length; m++)
        {
            var e = problem.ExecutableFor(m, config);
            if (e is null || duration <= 0) continue;
            double slowest = e.Stages.Max(s => s.LatencyS) + problem.Overhead.For(e.StageCount);
            load[m] = problem.RequestsOf[m] / duration * slowest;
        }
        return load;
    }
}
