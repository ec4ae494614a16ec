namespace DlSim.Search;

/// <summary>
/// A block of consecutive GPUs (dense indices <see cref="Start"/> … Start + Gpus − 1) running one parallel configuration,
/// with a replica of each model in <see cref="Models"/> (workload model ids, ascending). Models on one group share its GPUs.
/// Immutable; its <see cref="Signature"/> is computed once, since the search keys its cache by it.
/// </summary>
public sealed class GpuGroup
{
    public int Start { get; }
    public ParallelConfig Config { get; }
    public int[] Models { get; }

    /// <summary>Configuration and models: two groups alike in these are interchangeable up to their position.</summary>
    public string Signature { get; }

    public GpuGroup(int start, ParallelConfig config, int[] models)
    {
        Start = start;
        Config = config;
        Models = models;
        Signature = $"{config}:{string.Join(",", models)}";
    }

    public int Gpus => Config.Gpus;
    public int End => Start + Config.Gpus;

    public bool Has(int model) => Array.BinarySearch(Models, model) >= 0;

    public GpuGroup WithModel(int model)
    {
        if (Has(model)) return this;
        var models = new int[Models.Length + 1];
        int i = 0, j = 0;
        while (i < Models.Length && Models[i] < model) models[j++] = Models[i++];
        models[j++] = model;
        while (i < Models.Length) models[j++] = Models[i++];
        return new GpuGroup(Start, Config, models);
    }

    public GpuGroup WithoutModel(int model) => Has(model) ? WithModels(Models.Where(m => m != model).ToArray()) : this;

    /// <param name="models">Ascending workload model ids.</param>
    public GpuGroup WithModels(int[] models) => new(Start, Config, models);

    public GpuGroup WithConfig(ParallelConfig config) => new(Start, config, Models);

    public override bool Equals(object? obj) =>
        obj is GpuGroup other && Start == other.Start && Config == other.Config && Models.AsSpan().SequenceEqual(other.Models);

    public override int GetHashCode() => HashCode.Combine(Start, Config, Models.Length);
}

/// <summary>A candidate placement: non-overlapping GPU groups in GPU order. GPUs in no group stay idle.</summary>
public sealed class Candidate
{
    public IReadOnlyList<GpuGroup> Groups { get; }

    public Candidate(IEnumerable<GpuGroup> groups)
    {
        var list = groups.OrderBy(g => g.Start).ToArray();
        for (int i = 1; i < list.Length; i++)
            if (list[i].Start < list[i - 1].End) throw new ArgumentException("GPU groups overlap");
        Groups = list;
    }

    /// <summary>This candidate with group <paramref name="index"/> replaced.</summary>
    public Candidate With(int index, GpuGroup group)
    {
        var list = Groups.ToArray();
        list[index] = group;
        return new Candidate(list);
    }

    public Candidate Replace(IReadOnlyCollection<int> removed, IEnumerable<GpuGroup> added) =>
        new(Groups.Where((_, i) => !removed.Contains(i)).Concat(added));

    public int Replicas => Groups.Sum(g => g.Models.Length);
    public int GpusUsed => Groups.Where(g => g.Models.Length > 0).Sum(g => g.Gpus);

    /// <summary>Replica count of each model.</summary>
    public int[] ReplicasOf(int modelCount)
    {
        var count = new int[modelCount];
        foreach (var g in Groups) foreach (int m in g.Models) count[m]++;
        return count;
    }

    /// <summary>One line: each group as [first GPU+GPUs config: models], e.g. <c>[0+2 pp2op1: 0,3] [2+1 pp1op1: 1]</c>.</summary>
    public override string ToString() =>
        Groups.Count == 0 ? "(empty)" : string.Join(" ", Groups.Select(g => $"[{g.Start}+{g.Gpus} {g.Config}: {string.Join(",", g.Models)}]"));
}
