using System.Diagnostics;

namespace DlSim.Search;

/// <summary>Limits and reporting of one search. Stops at whichever limit comes first.</summary>
public sealed record SearchSettings
{
    /// <summary>Candidates scored at most (a cached score counts too, so the count does not depend on timing).</summary>
    public long MaxEvaluations { get; init; } = 50_000;
    /// <summary>Wall-clock seconds at most (checked between chunks of candidates).</summary>
    public double BudgetS { get; init; } = 60;
    /// <summary>Threads scoring candidates in parallel; results do not depend on it.</summary>
    public int Threads { get; init; } = Environment.ProcessorCount;
    /// <summary>Seed of the algorithms' random choices.</summary>
    public ulong Seed { get; init; }
    /// <summary>Keep every scored candidate (for a search log); off, only improvements are kept.</summary>
    public bool KeepLog { get; init; }
    /// <summary>Called about twice a second with the search's state.</summary>
    public Action<SearchProgress>? Progress { get; init; }
}

/// <summary>Where a search stands: evaluations made, the best objective so far, seconds since it began.</summary>
public readonly record struct SearchProgress(long Evaluations, double BestObjective, double ElapsedS)
{
    public double EvaluationsPerSecond => ElapsedS > 0 ? Evaluations / ElapsedS : 0;
}

/// <summary>One scored candidate, in the order scored.</summary>
public sealed record SearchLogEntry(double TimeS, long Evaluation, double Objective, string Candidate);

/// <summary>
/// The state every algorithm shares: it scores batches of candidates in parallel (results kept in batch order, so the
/// outcome does not depend on the thread count), counts evaluations against the limits, and keeps the best candidate
/// (ties to the first scored) with the log of improvements.
/// </summary>
public sealed class SearchRun
{
    private const int Chunk = 64;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly ParallelOptions _parallel;
    private double _lastProgressS;

    public PlacementProblem Problem { get; }
    public SearchSettings Settings { get; }
    public CandidateEvaluator Evaluator { get; }
    public long Evaluations { get; private set; }
    public Candidate? Best { get; private set; }
    public Score? BestScore { get; private set; }
    public double BestObjective => BestScore?.Objective ?? double.NegativeInfinity;
    /// <summary>Seconds from the start to when the best was first scored.</summary>
    public double BestFoundAtS { get; private set; }
    /// <summary>Every scored candidate with <see cref="SearchSettings.KeepLog"/>, otherwise each new best.</summary>
    public List<SearchLogEntry> Log { get; } = [];
    /// <summary>Each new best: (seconds, evaluations, objective).</summary>
    public List<SearchLogEntry> Improvements { get; } = [];

    public SearchRun(PlacementProblem problem, SearchSettings settings)
    {
        Problem = problem;
        Settings = settings;
        Evaluator = new CandidateEvaluator(problem);
        _parallel = new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, settings.Threads) };
    }

    public double ElapsedS => _clock.Elapsed.TotalSeconds;

    public bool Exhausted => Evaluations >= Settings.MaxEvaluations || ElapsedS >= Settings.BudgetS;

    /// <summary>Scores as many of the candidates as the limits allow, in order; the result may be shorter than the batch.</summary>
    public Score[] Score(IReadOnlyList<Candidate> batch)
    {
        var scores = new List<Score>(batch.Count);
        for (int from = 0; from < batch.Count && !Exhausted; from += Chunk)
        {
            int n = (int)Math.Min(Math.Min(Chunk, batch.Count - from), Settings.MaxEvaluations - Evaluations);
            var chunk = new Score[n];
            Parallel.For(0, n, _parallel, i => chunk[i] = Evaluator.Evaluate(batch[from + i]));
            for (int i = 0; i < n; i++) Record(batch[from + i], chunk[i]);
            scores.AddRange(chunk);
        }
        return [.. scores];
    }

    /// <summary>Scores one candidate; null when the limits are reached.</summary>
    public Score? Score(Candidate candidate)
    {
        var s = Score([candidate]);
        return s.Length == 0 ? null : s[0];
    }

    private void Record(Candidate candidate, Score score)
    {
        Evaluations++;
        double t = ElapsedS;
        bool better = score.Objective > BestObjective ||
            (score.Objective == BestObjective && Best is not null && candidate.Replicas < Best.Replicas);
        if (better)
        {
            Best = candidate;
            BestScore = score;
            BestFoundAtS = t;
            Improvements.Add(new SearchLogEntry(t, Evaluations, score.Objective, candidate.ToString()));
        }
        if (Settings.KeepLog) Log.Add(new SearchLogEntry(t, Evaluations, score.Objective, candidate.ToString()));
        if (Settings.Progress is not null && t - _lastProgressS >= 0.5)
        {
            _lastProgressS = t;
            Settings.Progress(new SearchProgress(Evaluations, BestObjective, t));
        }
    }
}
