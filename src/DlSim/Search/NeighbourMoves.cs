using DlSim.Workloads;

namespace DlSim.Search;

/// <summary>
/// Small changes to a candidate that keep it valid (every group fits its memory): add, remove, move or swap a replica,
/// change a group's parallel configuration, split a group in two, merge two neighbouring groups. Random choices come from
/// the given generator only, so a seed fixes the sequence of candidates.
/// </summary>
public sealed class NeighbourMoves(PlacementProblem problem, DeterministicRng rng)
{
    private const int Kinds = 7;

    /// <summary>A random valid neighbour, or null after a few failed tries. <paramref name="misses"/> (per model) steers additions.</summary>
    public Candidate? Any(Candidate c, long[] misses)
    {
        for (int attempt = 0; attempt < 8; attempt++)
        {
            var next = (int)(rng.NextDouble() * Kinds) switch
            {
                0 or 1 => Add(c, misses),
                2 => Remove(c),
                3 => Move(c, misses),
                4 => Swap(c),
                5 => Reconfigure(c),
                _ => rng.NextDouble() < 0.5 ? Split(c) : Merge(c),
            };
            if (next is not null) return next;
        }
        return null;
    }

    /// <summary>A replica of a model drawn by its misses, on a random group that has room for it.</summary>
    public Candidate? Add(Candidate c, long[] misses)
    {
        int m = DrawWeighted(misses);
        if (m < 0) return null;
        var options = Enumerable.Range(0, c.Groups.Count).Where(g => !c.Groups[g].Has(m) && problem.Fits(c.Groups[g].WithModel(m))).ToArray();
        if (options.Length == 0) return null;
        int gi = options[Draw(options.Length)];
        return c.With(gi, c.Groups[gi].WithModel(m));
    }

    public Candidate? Remove(Candidate c)
    {
        var (gi, m) = RandomReplica(c);
        return gi < 0 ? null : c.With(gi, c.Groups[gi].WithoutModel(m));
    }

    /// <summary>A replica moved to another group; the model to move is drawn by misses half the time.</summary>
    public Candidate? Move(Candidate c, long[] misses)
    {
        var (from, m) = RandomReplica(c);
        if (from < 0) return null;
        var options = Enumerable.Range(0, c.Groups.Count).Where(g => g != from && !c.Groups[g].Has(m) && problem.Fits(c.Groups[g].WithModel(m))).ToArray();
        if (options.Length == 0) return null;
        int to = options[Draw(options.Length)];
        return c.With(from, c.Groups[from].WithoutModel(m)).With(to, c.Groups[to].WithModel(m));
    }

    public Candidate? Swap(Candidate c)
    {
        var (g1, m1) = RandomReplica(c);
        var (g2, m2) = RandomReplica(c);
        if (g1 < 0 || g1 == g2 || m1 == m2 || c.Groups[g1].Has(m2) || c.Groups[g2].Has(m1)) return null;
        var a = c.Groups[g1].WithoutModel(m1).WithModel(m2);
        var b = c.Groups[g2].WithoutModel(m2).WithModel(m1);
        return problem.Fits(a) && problem.Fits(b) ? c.With(g1, a).With(g2, b) : null;
    }

    /// <summary>Another configuration of the same size for a group; models it cannot hold are dropped, rarest first.</summary>
    public Candidate? Reconfigure(Candidate c)
    {
        if (c.Groups.Count == 0) return null;
        int gi = Draw(c.Groups.Count);
        var g = c.Groups[gi];
        var configs = problem.ConfigsFor(g.Gpus).Where(x => x != g.Config).ToArray();
        if (configs.Length == 0) return null;
        var regrouped = Fitted(g.WithConfig(configs[Draw(configs.Length)]));
        return regrouped is null ? null : c.With(gi, regrouped);
    }

    /// <summary>A group split into two halves of one configuration; each model goes to both halves where it fits.</summary>
    public Candidate? Split(Candidate c)
    {
        if (c.Groups.Count == 0) return null;
        int gi = Draw(c.Groups.Count);
        var g = c.Groups[gi];
        int half = g.Gpus / 2;
        if (g.Gpus % 2 != 0 || !problem.GroupSizes().Contains(half) || !problem.CanStartAt(g.Start, half) || !problem.CanStartAt(g.Start + half, half))
            return null;
        var configs = problem.ConfigsFor(half);
        if (configs.Count == 0) return null;
        var config = configs[Draw(configs.Count)];
        var a = Fitted(new GpuGroup(g.Start, config, g.Models));
        var b = Fitted(new GpuGroup(g.Start + half, config, g.Models));
        return a is null || b is null ? null : c.Replace([gi], [a, b]);
    }

    /// <summary>Two neighbouring groups of one size merged into one group of a random configuration, holding what fits of both.</summary>
    public Candidate? Merge(Candidate c)
    {
        if (c.Groups.Count < 2) return null;
        int gi = Draw(c.Groups.Count - 1);
        GpuGroup a = c.Groups[gi], b = c.Groups[gi + 1];
        int size = a.Gpus + b.Gpus;
        if (a.Gpus != b.Gpus || b.Start != a.End || !problem.GroupSizes().Contains(size) || !problem.CanStartAt(a.Start, size)) return null;
        var configs = problem.ConfigsFor(size);
        if (configs.Count == 0) return null;
        var models = a.Models.Union(b.Models).Order().ToArray();
        var merged = Fitted(new GpuGroup(a.Start, configs[Draw(configs.Count)], models));
        return merged is null ? null : c.Replace([gi, gi + 1], [merged]);
    }

    /// <summary>
    /// The group with models it cannot run or hold dropped, those with the fewest requests first; null when it would
    /// keep none of several.
    /// </summary>
    private GpuGroup? Fitted(GpuGroup g)
    {
        var keep = g.Models.Where(m => problem.ExecutableFor(m, g.Config) is not null)
            .OrderByDescending(m => problem.RequestsOf[m]).ThenBy(m => m).ToList();
        while (keep.Count > 0 && !problem.Fits(g.WithModels([.. keep.Order()]))) keep.RemoveAt(keep.Count - 1);
        if (keep.Count == 0 && g.Models.Length > 0) return null;
        return g.WithModels([.. keep.Order()]);
    }

    private (int Group, int Model) RandomReplica(Candidate c)
    {
        int total = c.Replicas;
        if (total == 0) return (-1, -1);
        int k = Draw(total);
        for (int gi = 0; gi < c.Groups.Count; gi++)
        {
            if (k < c.Groups[gi].Models.Length) return (gi, c.Groups[gi].Models[k]);
            k -= c.Groups[gi].Models.Length;
        }
        return (-1, -1);
    }

    /// <summary>An index drawn with probability ∝ its weight (−1 when all are 0).</summary>
    private int DrawWeighted(long[] weights)
    {
        double total = 0;
        foreach (long w in weights) total += w;
        if (total <= 0) return -1;
        double x = rng.NextDouble() * total;
        for (int i = 0; i < weights.Length; i++)
        {
            x -= weights[i];
            if (x < 0) return i;
        }
        return Array.FindLastIndex(weights, w => w > 0);
    }

    private int Draw(int n) => Math.Min(n - 1, (int)(rng.NextDouble() * n));
}
