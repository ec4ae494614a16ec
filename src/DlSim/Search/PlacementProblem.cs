using DlSim.Cluster;
using DlSim.Model;
using DlSim.Placement;
using DlSim.Serving;
using DlSim.Workloads;

namespace DlSim.Search;

/// <summary>What a placement search optimises.</summary>
public enum SearchObjective
{
    /// <summary>Requests finishing within their SLO ÷ all requests (dropped and unserved requests are misses).</summary>
    Attainment,
    /// <summary>Requests finishing within their SLO per second of the run.</summary>
    Goodput,
}

/// <summary>
/// What the problems of one question share (a capacity curve asks many): the executables, which profile model serves each
/// workload model id, the serving policies and the objective. Loaded once; <see cref="On"/> sets the cluster and traffic.
/// </summary>
public sealed record ProblemSetting(ModelCatalog Catalog, IReadOnlyList<string> ProfileModels, ServingPolicy Policy, DispatchOverhead Overhead,
    SearchObjective Objective)
{
    public PlacementProblem On(ClusterSpec cluster, Workload workload, int? usableGpus = null) =>
        new(cluster, Catalog, workload, ProfileModels, Policy, Overhead, Objective, usableGpus);
}

/// <summary>
/// A placement problem: the cluster (the first <see cref="UsableGpus"/> GPUs of it), the executables, the traffic, which
/// profile model serves each workload model id, and the serving policies every candidate is simulated with.
/// Answers what every algorithm asks: which executable runs a model on a configuration, and whether models fit a group.
/// </summary>
public sealed class PlacementProblem
{
    public ClusterSpec Cluster { get; }
    public int UsableGpus { get; }
    public ModelCatalog Catalog { get; }
    public Workload Workload { get; }
    /// <summary>Profile model name of each workload model id.</summary>
    public IReadOnlyList<string> ProfileModels { get; }
    public ServingPolicy Policy { get; }
    public DispatchOverhead Overhead { get; }
    public SearchObjective Objective { get; }
    public int ModelCount => ProfileModels.Count;
    public long CapacityBytes { get; }

    /// <summary>Requests of each model in the workload.</summary>
    public long[] RequestsOf { get; }

    private readonly Dictionary<(int Model, ParallelConfig Config), Executable?> _executables = [];
    private readonly Dictionary<(int Model, ParallelConfig Config), (long[] Weights, long[] Activations)> _memory = [];

    public PlacementProblem(ClusterSpec cluster, ModelCatalog catalog, Workload workload, IReadOnlyList<string> profileModels,
        ServingPolicy? policy = null, DispatchOverhead? overhead = null, SearchObjective objective = SearchObjective.Attainment, int? usableGpus = null)
    {
        Cluster = cluster;
        UsableGpus = usableGpus ?? cluster.GpuCount;
        if (UsableGpus < 1 || UsableGpus > cluster.GpuCount) throw new ArgumentOutOfRangeException(nameof(usableGpus));
        Catalog = catalog;
        Workload = workload;
        ProfileModels = profileModels;
        Policy = policy ?? new ServingPolicy();
        Overhead = overhead ?? DispatchOverhead.Seed;
        Objective = objective;
        CapacityBytes = (long)Math.Min(cluster.MemoryGb * MemoryCheck.BytesPerGb, long.MaxValue / 2);
        RequestsOf = new long[ModelCount];
        foreach (int m in workload.ModelIds) if (m < ModelCount) RequestsOf[m]++;
        _sizes = TilingSizes();
        foreach (int size in _sizes)
        {
            foreach (var config in AllConfigs(size))
                for (int m = 0; m < ModelCount; m++)
                    Prepare(m, config);
            _configs[size] = AllConfigs(size).Where(c => Enumerable.Range(0, ModelCount).Any(m => ExecutableFor(m, c) is not null)).ToArray();
        }
    }

    private readonly int[] _sizes;
    private readonly Dictionary<int, ParallelConfig[]> _configs = [];

    /// <summary>The service name of a workload model, as the original tool names them: <c>Bert_2.6B_0</c>.</summary>
    public string ServiceName(int model) => $"{ProfileModels[model]}_{model}";

    /// <summary>Group sizes that tile nodes: divisors of a node's GPU count, or whole nodes, up to the usable GPUs.</summary>
    public IReadOnlyList<int> GroupSizes() => _sizes;

    private int[] TilingSizes()
    {
        int gpn = Cluster.GpusPerNode;
        var sizes = new List<int>();
        for (int s = 1; s <= Math.Min(gpn, UsableGpus); s++) if (gpn % s == 0) sizes.Add(s);
        for (int s = 2 * gpn; s <= UsableGpus; s += gpn) sizes.Add(s);
        return [.. sizes];
    }

    /// <summary>Configurations of a group of <paramref name="size"/> GPUs for which some model has an executable.</summary>
    public IReadOnlyList<ParallelConfig> ConfigsFor(int size) => _configs.TryGetValue(size, out var configs) ? configs : [];

    private IEnumerable<ParallelConfig> AllConfigs(int size)
    {
        for (int pp = 1; pp <= size; pp++)
            if (size % pp == 0 && new ParallelConfig(pp, size / pp).FitsNodes(Cluster.GpusPerNode))
                yield return new ParallelConfig(pp, size / pp);
    }

    /// <summary>Whether a group of <paramref name="size"/> GPUs may start at dense GPU <paramref name="start"/>: within one node, or on whole nodes.</summary>
    public bool CanStartAt(int start, int size)
    {
        int gpn = Cluster.GpusPerNode;
        return start >= 0 && start + size <= UsableGpus && (size <= gpn ? start % gpn + size <= gpn : start % gpn == 0);
    }

    /// <summary>The executable that runs <paramref name="model"/> on a group of this configuration (the catalog's first that matches), or null.</summary>
    /// Every configuration of every group size is looked up once, in the constructor: afterwards this only reads (threads may share it).
    public Executable? ExecutableFor(int model, ParallelConfig config) =>
        _executables.TryGetValue((model, config), out var e) ? e : null;

    private Executable? Prepare(int model, ParallelConfig config)
    {
        if (_executables.TryGetValue((model, config), out var known)) return known;
        var shape = config.StageShape(Cluster.GpusPerNode);
        Executable? found = null;
        foreach (var e in Catalog.Executables)
            if (e.ModelName == ProfileModels[model] && e.StageCount == config.Pipeline && e.MaxBatchSize >= Policy.MaxBatch &&
                e.Stages.All(s => s.Shape == shape))
            {
                found = e;
                break;
            }
        _executables[(model, config)] = found;
        if (found is not null)
        {
            int gpus = config.Tensor;
            var weights = found.Stages.Select(s => CeilDiv(s.WeightBytes, gpus)).ToArray();
            var activations = found.Stages.Select(s => CeilDiv(s.ActivationBytesAt(Math.Min(Policy.MaxBatch, s.MaxBatchSize)), gpus)).ToArray();
            _memory[(model, config)] = (weights, activations);
        }
        return found;
    }

    /// <summary>
    /// Whether every model of the group has an executable for its configuration and fits: on each stage's GPUs, the weight
    /// shares of every model plus the largest activation share, within capacity (the rule of <see cref="MemoryCheck"/>).
    /// </summary>
    public bool Fits(GpuGroup group)
    {
        for (int s = 0; s < group.Config.Pipeline; s++)
        {
            long used = 0, activation = 0;
            foreach (int m in group.Models)
            {
                if (ExecutableFor(m, group.Config) is null) return false;
                var (w, a) = _memory[(m, group.Config)];
                if (w[s] > CapacityBytes - used) return false;
                used += w[s];
                activation = Math.Max(activation, a[s]);
                if (used > CapacityBytes) return false;
            }
            if (activation > CapacityBytes - used) return false;
        }
        return true;
    }

    /// <summary>Bytes a model needs per GPU on its most frugal configuration that some group size offers (+∞-like when none).</summary>
    public long SmallestNeedBytes(int model)
    {
        long best = long.MaxValue;
        foreach (int size in GroupSizes())
            foreach (var config in AllConfigs(size))
                if (ExecutableFor(model, config) is not null)
                {
                    var (w, a) = _memory[(model, config)];
                    long need = 0;
                    for (int s = 0; s < w.Length; s++) need = Math.Max(need, w[s] > long.MaxValue - a[s] ? long.MaxValue : w[s] + a[s]);
                    best = Math.Min(best, need);
                }
        return best;
    }

    /// <summary>Whether a model fits on some group size and configuration alone.</summary>
    public bool Placeable(int model) => GroupSizes().Any(size => AllConfigs(size).Any(c =>
        ExecutableFor(model, c) is not null && Fits(new GpuGroup(0, c, [model]))));

    private static long CeilDiv(long a, int b) => a / b + (a % b != 0 ? 1 : 0);
}
