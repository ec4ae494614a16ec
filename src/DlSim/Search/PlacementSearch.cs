namespace DlSim.Search;

/// <summary>The placement algorithms a user can choose.</summary>
public enum PlacementAlgorithm
{
    /// <summary>The default: load-balanced starts on every equal partition, then iterated local search (<see cref="Search.LocalSearch"/>).</summary>
    LocalSearch,
    /// <summary>AlpaServe's selective replication: one-GPU groups, greedy selection.</summary>
    SrGreedy,
    /// <summary>AlpaServe's greedy selection on equal groups (of <c>--group-size</c>, or every size).</summary>
    MpGreedy,
    /// <summary>AlpaServe's search over group partitions and configurations with greedy selection.</summary>
    MpSearch,
    /// <summary>Every candidate (small problems only).</summary>
    Exhaustive,
}

/// <summary>The outcome of a search: the best candidate, its score, and how the search went.</summary>
public sealed record SearchOutcome(Candidate Best, Score Score, long Evaluations, long Simulations, double WallS, double BestFoundAtS,
    IReadOnlyList<SearchLogEntry> Improvements, IReadOnlyList<SearchLogEntry> Log);

/// <summary>Runs one algorithm on a problem (one factory for every algorithm).</summary>
public static class PlacementSearch
{
    /// <summary>Candidates beyond which <see cref="PlacementAlgorithm.Exhaustive"/> refuses a problem.</summary>
    public const int ExhaustiveLimit = 200_000;

    public static SearchOutcome Run(PlacementProblem problem, PlacementAlgorithm algorithm, SearchSettings settings, int? groupSize = null)
    {
        var run = new SearchRun(problem, settings);
        switch (algorithm)
        {
            case PlacementAlgorithm.SrGreedy: BaselineAlgorithms.SelectiveReplication(run); break;
            case PlacementAlgorithm.MpGreedy: BaselineAlgorithms.EqualGroups(run, groupSize); break;
            case PlacementAlgorithm.MpSearch: BaselineAlgorithms.PartitionSearch(run); break;
            case PlacementAlgorithm.Exhaustive: ExhaustiveSearch.Run(run); break;
            default: LocalSearch.Run(run); break;
        }
        var best = run.Best ?? new Candidate([]);
        var score = run.BestScore ?? run.Evaluator.Evaluate(best);
        return new SearchOutcome(best, score, run.Evaluations, run.Evaluator.Simulations, run.ElapsedS, run.BestFoundAtS, run.Improvements, run.Log);
    }
}
