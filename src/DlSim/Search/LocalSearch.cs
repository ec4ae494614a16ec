using DlSim.Workloads;

namespace DlSim.Search;

/// <summary>
/// The default algorithm: warm starts, then iterated local search.
/// <list type="number">
/// <item>Starts: for every group size and configuration, a <see cref="LoadBalancedStart"/> (built without simulation,
/// scored once), so every partition into equal groups is tried at once for the price of one evaluation each.</item>
/// <item>Local search from the best start: each round scores a batch of neighbours (<see cref="NeighbourMoves"/>: random
/// moves of every kind, plus every addition of a replica of the models missing most requests) and moves to the best if
/// it improves. After <see cref="Patience"/> rounds without improvement it restarts from the best candidate with a few
/// random moves applied, until the limits are reached or <see cref="MaxRestarts"/> restarts found nothing better.</item>
/// </list>
/// Candidates are generated on one thread from the seed and scored in batches, so with a fixed seed and evaluation count
/// the result does not depend on the number of threads.
/// </summary>
public static class LocalSearch
{
    public const int RandomMovesPerRound = 24;
    public const int TargetedModels = 2;
    public const int Patience = 12;
    public const int MaxRestarts = 12;
    public const int KickMoves = 3;

    public static void Run(SearchRun run)
    {
        var problem = run.Problem;
        var rng = new DeterministicRng(run.Settings.Seed ^ 0x9E3779B97F4A7C15UL);
        var moves = new NeighbourMoves(problem, rng);

        var configs = problem.GroupSizes().SelectMany(size => problem.ConfigsFor(size)).ToArray();
        var starts = configs.Select(c => LoadBalancedStart.Build(problem, c)).ToList();
        // The same within blocks of one node each (8 GPUs on wide nodes), when there are several.
        int block = problem.Cluster.GpusPerNode > 8 && problem.Cluster.GpusPerNode % 8 == 0 ? 8 : problem.Cluster.GpusPerNode;
        foreach (var c in configs)
            if (LoadBalancedStart.Clustered(problem, c, block) is { } clustered) starts.Add(clustered);
        var startScores = run.Score(starts);
        if (startScores.Length == 0) return;
        int first = 0;
        for (int i = 1; i < startScores.Length; i++) if (startScores[i].Objective > startScores[first].Objective) first = i;
        var current = starts[first];
        var score = startScores[first];

        int stale = 0, restarts = 0, restartsWithoutGain = 0;
        double bestAtRestart = run.BestObjective;
        while (!run.Exhausted && !Optimal(problem, score))
        {
            var batch = Neighbours(problem, moves, current, score);
            if (batch.Count == 0) break;
            var scores = run.Score(batch);
            if (scores.Length == 0) break;
            int best = 0;
            for (int i = 1; i < scores.Length; i++) if (scores[i].Objective > scores[best].Objective) best = i;
            if (scores[best].Objective > score.Objective)
            {
                current = batch[best];
                score = scores[best];
                stale = 0;
                continue;
            }
            if (++stale < Patience) continue;
            // Stuck: restart near the best candidate found so far.
            restartsWithoutGain = run.BestObjective > bestAtRestart ? 0 : restartsWithoutGain + 1;
            if (restartsWithoutGain >= MaxRestarts || run.Best is null || run.BestScore is null) break;
            bestAtRestart = run.BestObjective;
            restarts++;
            current = run.Best;
            var missesOfBest = Misses(problem, run.BestScore);
            for (int k = 0; k < KickMoves; k++) current = moves.Any(current, missesOfBest) ?? current;
            var kicked = run.Score(current);
            if (kicked is null) break;
            score = kicked;
            stale = 0;
        }
    }

    /// <summary>Nothing is left to gain: every request attains (the attainment objective only).</summary>
    private static bool Optimal(PlacementProblem problem, Score score) =>
        problem.Objective == SearchObjective.Attainment && score.WithinSlo == problem.Workload.Count;

    private static List<Candidate> Neighbours(PlacementProblem problem, NeighbourMoves moves, Candidate current, Score score)
    {
        var misses = Misses(problem, score);
        var batch = new List<Candidate>();
        // Every addition for the models that miss most (as greedy selection would try them).
        var worst = Enumerable.Range(0, problem.ModelCount).Where(m => misses[m] > 0)
            .OrderByDescending(m => misses[m]).ThenBy(m => m).Take(TargetedModels).ToArray();
        batch.AddRange(GreedySelection.Additions(problem, current, worst));
        for (int i = 0; i < RandomMovesPerRound; i++)
            if (moves.Any(current, misses) is { } next) batch.Add(next);
        return batch;
    }

    public static long[] Misses(PlacementProblem problem, Score score)
    {
        var misses = new long[problem.ModelCount];
        for (int m = 0; m < misses.Length; m++) misses[m] = problem.RequestsOf[m] - score.WithinByModel[m];
        return misses;
    }
}
