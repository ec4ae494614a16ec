using DlSim.Cluster;
using DlSim.Formats;
using DlSim.Formats.Profiles;
using DlSim.Model;
using DlSim.Model.Profiles;
using DlSim.Search;
using DlSim.Serving;
using DlSim.Workloads;

namespace DlSim.Tests.Search;

/// <summary>Placement problems for tests: the repository's samples, and small ones built in code.</summary>
public static class SearchProblems
{
    public static string Sample(string name) => Path.Combine(RepositoryRoot.Path, "samples", "placement", name);

    public static readonly string[] SampleProfiles = ["bert_1.3b.json", "bert_2.6b.json", "bert_6.7b.json"];

    private static readonly Lazy<ModelCatalog> SampleCatalog = new(() => BuiltInProfiles.Catalog.WithFiles(SampleProfiles.Select(Sample)));
    private static readonly Lazy<Workload> Workload8 = new(() => WorkloadFiles.ReadAll(Sample("workload_8x8.csv")));

    /// <summary>The 8-GPU × 8-model sample (one node of 8 × 16 GB).</summary>
    public static PlacementProblem Sample8(ServingPolicy? policy = null, SearchObjective objective = SearchObjective.Attainment)
    {
        string[] names = ["BERT-1.3B", "BERT-2.6B", "BERT-6.7B"];
        return new PlacementProblem(new ClusterSpec(1, 8, 16), SampleCatalog.Value, Workload8.Value,
            Enumerable.Range(0, 8).Select(i => names[i % 3]).ToArray(), policy, DispatchOverhead.Seed, objective);
    }

    /// <summary>
    /// A small problem: one node of <paramref name="gpus"/> GPUs of <paramref name="memoryGb"/>, models from synthetic families
    /// (pipeline 1–2, tensor 1–2), bursty traffic heavy enough that placement matters.
    /// </summary>
    public static PlacementProblem Small(int gpus, (double LatencyS, double WeightGb, double RateHz, double SloS)[] models, double memoryGb, ulong seed)
    {
        var executables = new List<Executable>();
        for (int m = 0; m < models.Length; m++)
        {
            var family = new SyntheticFamily { LatencyS = models[m].LatencyS, WeightBytes = (long)(models[m].WeightGb * (1L << 30)) };
            foreach (int pp in new[] { 1, 2 }) foreach (int op in new[] { 1, 2 }) executables.Add(family.Derive($"M{m}", pp, op));
        }
        var rng = new DeterministicRng(seed);
        var arrivals = new List<(double T, int M)>();
        for (int m = 0; m < models.Length; m++)
        {
            // Gamma gaps with CV 3: bursts.
            double t = 0, shape = 1.0 / 9, mean = 1 / models[m].RateHz;
            while (true)
            {
                t += rng.NextGamma(shape) * mean / shape;
                if (t >= 30) break;
                arrivals.Add((t, m));
            }
        }
        arrivals.Sort();
        double total = models.Sum(m => m.RateHz);
        var header = new WorkloadHeader(models.Length, total, models.Select(m => m.RateHz / total).ToArray(), 30, models.Select(m => m.SloS).ToArray(), "small");
        var workload = new Workload(header, arrivals.Select(a => a.M).ToArray(), arrivals.Select(a => a.T).ToArray());
        return new PlacementProblem(new ClusterSpec(1, gpus, memoryGb), new ModelCatalog(executables), workload,
            Enumerable.Range(0, models.Length).Select(m => $"M{m}").ToArray(), overhead: DispatchOverhead.Seed);
    }

    /// <summary>Candidates reached by a seeded random walk of moves from a load-balanced start (for checks over many shapes).</summary>
    public static IEnumerable<Candidate> RandomWalk(PlacementProblem problem, int steps, ulong seed)
    {
        var rng = new DeterministicRng(seed);
        var moves = new NeighbourMoves(problem, rng);
        var configs = problem.GroupSizes().SelectMany(problem.ConfigsFor).ToArray();
        var current = LoadBalancedStart.Build(problem, configs[(int)(rng.NextDouble() * configs.Length)]);
        var misses = problem.RequestsOf.ToArray();
        for (int i = 0; i < steps; i++)
        {
            current = moves.Any(current, misses) ?? current;
            yield return current;
        }
    }
}
