using BenchmarkDotNet.Attributes;
using DlSim.Cluster;
using DlSim.Formats;
using DlSim.Formats.Profiles;
using DlSim.Model;
using DlSim.Search;
using DlSim.Serving;

namespace DlSim.Benchmarks;

/// <summary>
/// What scoring a candidate costs in a placement search, on the 16 × 16 sample problem: a whole simulation of every
/// component (a candidate never seen), against the cached score of one seen before, and one re-simulated group of a
/// node-block start (the search's usual move). Ratios answer "how much does component caching save?".
/// </summary>
[MemoryDiagnoser]
public class PlacementSearchBenchmarks
{
    private PlacementProblem _problem = null!;
    private Candidate _start = null!;
    private Candidate _blocked = null!;
    private CandidateEvaluator _warm = null!;

    [GlobalSetup]
    public void Setup()
    {
        string dir = Path.Combine(RepositoryRoot(), "samples", "placement");
        var catalog = BuiltInProfiles.Catalog.WithFiles(new[] { "bert_1.3b.json", "bert_2.6b.json", "bert_6.7b.json" }.Select(f => Path.Combine(dir, f)));
        var workload = WorkloadFiles.ReadAll(Path.Combine(dir, "workload_16x16.csv"));
        var names = File.ReadAllLines(Path.Combine(dir, "models_16.txt")).Select(l => l.Split('=')[1]).ToArray();
        _problem = new PlacementProblem(new ClusterSpec(2, 8, 16), catalog, workload, names, new ServingPolicy(), DispatchOverhead.Seed);
        _start = LoadBalancedStart.Build(_problem, new ParallelConfig(2, 1));
        _blocked = LoadBalancedStart.Clustered(_problem, new ParallelConfig(2, 1), 8)!;
        _warm = new CandidateEvaluator(_problem);
        _warm.Evaluate(_start);
    }

    [Benchmark(Baseline = true)]
    public double WholeCandidateNeverSeen() => new CandidateEvaluator(_problem).Evaluate(_start).Objective;

    [Benchmark]
    public double CandidateSeenBefore() => _warm.Evaluate(_start).Objective;

    [Benchmark]
    public double NodeBlocksNeverSeen() => new CandidateEvaluator(_problem).Evaluate(_blocked).Objective;

    private static string RepositoryRoot()
    {
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
            if (File.Exists(Path.Combine(d.FullName, "DlSim.slnx"))) return d.FullName;
        throw new InvalidOperationException("the repository (DlSim.slnx) is not above " + AppContext.BaseDirectory);
    }
}
