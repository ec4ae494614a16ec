namespace DlSim.Search;

/// <summary>
/// A starting placement built without simulation: equal groups of one configuration, then replicas added one at a time to
/// the model with the highest load per replica (arrival rate × its slowest stage's time ÷ replicas), each on the least
/// loaded group that lacks it and has memory for it, until no model fits anywhere more. Many replicas spread over many
/// groups let bursts of one model use GPUs that others leave idle.
/// </summary>
public static class LoadBalancedStart
{
    public static Candidate Build(PlacementProblem problem, ParallelConfig config)
    {
        var candidate = GreedySelection.EqualGroups(problem, config);
        var groups = candidate.Groups.ToArray();
        int models = problem.ModelCount;
        double duration = Math.Max(problem.Workload.Header.DurationS, problem.Workload.Count > 0 ? problem.Workload.ArrivalsS[^1] : 0);
        var load = new double[models];
        var replicas = new int[models];
        var open = new bool[models];
        for (int m = 0; m < models; m++)
        {
            var e = problem.ExecutableFor(m, config);
            if (e is null) continue;
            double slowest = e.Stages.Max(s => s.LatencyS) + problem.Overhead.For(e.StageCount);
            load[m] = duration > 0 ? problem.RequestsOf[m] / duration * slowest : 0;
            open[m] = problem.RequestsOf[m] > 0;
        }
        var groupLoad = new double[groups.Length];
        while (true)
        {
            int pick = -1;
            for (int m = 0; m < models; m++)
                if (open[m] && (pick < 0 || load[m] / (replicas[m] + 1) > load[pick] / (replicas[pick] + 1))) pick = m;
            if (pick < 0) break;
            int target = -1;
            for (int g = 0; g < groups.Length; g++)
                if (!groups[g].Has(pick) && (target < 0 || groupLoad[g] < groupLoad[target]) && problem.Fits(groups[g].WithModel(pick)))
                    target = g;
            if (target < 0) { open[pick] = false; continue; }
            // Rebalance: the model's load spreads over one more replica.
            double share = load[pick] / (replicas[pick] + 1);
            for (int g = 0; g < groups.Length; g++)
                if (groups[g].Has(pick)) groupLoad[g] += share - load[pick] / replicas[pick];
            groups[target] = groups[target].WithModel(pick);
            groupLoad[target] += share;
            replicas[pick]++;
        }
        return new Candidate(groups);
    }
}
