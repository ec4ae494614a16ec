namespace DlSim.Search;

/// <summary>
/// AlpaServe's greedy model selection on fixed GPU groups: start from the given groups; at each step try adding one replica
/// of every model to every group where it fits, simulate each, and keep the best; stop when no addition raises the
/// objective (or the limits are reached). Groups alike in configuration and models are interchangeable, so only the first
/// of them is tried for each model.
/// </summary>
public static class GreedySelection
{
    public static (Candidate Candidate, double Objective) Run(SearchRun run, Candidate start)
    {
        var problem = run.Problem;
        var current = start;
        double objective = run.Score(current)?.Objective ?? double.NegativeInfinity;
        while (!run.Exhausted)
        {
            var moves = Additions(problem, current);
            if (moves.Count == 0) break;
            var scores = run.Score(moves);
            if (scores.Length == 0) break;
            int best = 0;
            for (int i = 1; i < scores.Length; i++) if (scores[i].Objective > scores[best].Objective) best = i;
            if (!(scores[best].Objective > objective)) break;
            current = moves[best];
            objective = scores[best].Objective;
        }
        return (current, objective);
    }

    /// <summary>Every candidate one replica larger: each model on each group that lacks it and fits it (one group per signature).</summary>
    public static List<Candidate> Additions(PlacementProblem problem, Candidate current) =>
        Additions(problem, current, Enumerable.Range(0, problem.ModelCount));

    /// <summary>The additions of replicas of the given models only.</summary>
    public static List<Candidate> Additions(PlacementProblem problem, Candidate current, IEnumerable<int> models)
    {
        var moves = new List<Candidate>();
        foreach (int m in models)
        {
            var tried = new HashSet<string>();
            for (int gi = 0; gi < current.Groups.Count; gi++)
            {
                var g = current.Groups[gi];
                if (g.Has(m) || !tried.Add(g.Signature)) continue;
                var grown = g.WithModel(m);
                if (problem.Fits(grown)) moves.Add(current.With(gi, grown));
            }
        }
        return moves;
    }

    /// <summary>Empty groups of one size and configuration tiling the usable GPUs from GPU 0.</summary>
    public static Candidate EqualGroups(PlacementProblem problem, ParallelConfig config)
    {
        var groups = new List<GpuGroup>();
        for (int start = 0; problem.CanStartAt(start, config.Gpus); start += config.Gpus)
            groups.Add(new GpuGroup(start, config, []));
        return new Candidate(groups);
    }

    /// <summary>Empty groups for a partition given as (size, configuration) runs, largest first, tiling from GPU 0; null if they do not tile.</summary>
    public static Candidate? Partition(PlacementProblem problem, IEnumerable<(int Count, ParallelConfig Config)> runs)
    {
        var groups = new List<GpuGroup>();
        int start = 0;
        foreach (var (count, config) in runs.OrderByDescending(r => r.Config.Gpus))
            for (int i = 0; i < count; i++)
            {
                if (!problem.CanStartAt(start, config.Gpus)) return null;
                groups.Add(new GpuGroup(start, config, []));
                start += config.Gpus;
            }
        return new Candidate(groups);
    }
}
