using System.Collections.Concurrent;
using DlSim.Cluster;
using DlSim.Placement;
using DlSim.Serving;
using DlSim.Workloads;

namespace DlSim.Search;

/// <summary>A candidate's simulated outcome: requests within SLO (per model and in all), the run's span, the objective.</summary>
public sealed record Score(double Objective, long WithinSlo, double SpanS, long[] WithinByModel);

/// <summary>
/// Scores candidates with the serving engine. A candidate splits into independent parts: groups linked by a shared model
/// form one component, and no request of one component ever touches another's GPUs. So each component is simulated alone,
/// on its models' requests, and its outcome is cached by what determines it (its groups' configurations and models, in GPU
/// order; not their positions): a search that changes one group re-simulates only that group's component. With routers that
/// draw random numbers (one stream per run) the whole candidate is one component. Thread-safe.
/// </summary>
public sealed class CandidateEvaluator
{
    private readonly PlacementProblem _problem;
    private readonly ConcurrentDictionary<string, Lazy<ComponentOutcome>> _cache = new();
    private readonly double[] _slos;
    private readonly bool _decompose;
    private long _simulations;

    public CandidateEvaluator(PlacementProblem problem)
    {
        _problem = problem;
        _slos = [.. problem.Workload.Header.SlosS];
        _decompose = problem.Policy.Routing is not (RoutingPolicy.Random or RoutingPolicy.PowerOfTwo);
    }

    /// <summary>Component simulations run so far (cache misses).</summary>
    public long Simulations => Interlocked.Read(ref _simulations);

    private sealed record ComponentOutcome(int[] Models, long[] Within, double SpanS);

    public Score Evaluate(Candidate candidate)
    {
        var byModel = new long[_problem.ModelCount];
        long within = 0;
        double span = 0;
        foreach (var component in Components(candidate))
        {
            string key = string.Join(" ", component.Select(g => g.Signature));
            var outcome = _cache.GetOrAdd(key, _ => new Lazy<ComponentOutcome>(() => Simulate(component))).Value;
            for (int i = 0; i < outcome.Models.Length; i++)
            {
                byModel[outcome.Models[i]] += outcome.Within[i];
                within += outcome.Within[i];
            }
            span = Math.Max(span, outcome.SpanS);
        }
        double objective = _problem.Objective == SearchObjective.Goodput
            ? (span > 0 ? within / span : 0)
            : (_problem.Workload.Count > 0 ? (double)within / _problem.Workload.Count : 0);
        return new Score(objective, within, span, byModel);
    }

    /// <summary>Groups holding models, split into components linked by shared models, each in GPU order.</summary>
    private List<GpuGroup[]> Components(Candidate candidate)
    {
        var groups = candidate.Groups.Where(g => g.Models.Length > 0).ToArray();
        if (!_decompose) return groups.Length == 0 ? [] : [groups];
        var parent = Enumerable.Range(0, groups.Length).ToArray();
        int Find(int x) { while (parent[x] != x) x = parent[x] = parent[parent[x]]; return x; }
        var firstGroupOf = new Dictionary<int, int>();
        for (int i = 0; i < groups.Length; i++)
            foreach (int m in groups[i].Models)
                if (firstGroupOf.TryGetValue(m, out int j)) parent[Find(i)] = Find(j);
                else firstGroupOf[m] = i;
        var components = new Dictionary<int, List<GpuGroup>>();
        var order = new List<int>();
        for (int i = 0; i < groups.Length; i++)
        {
            int root = Find(i);
            if (!components.TryGetValue(root, out var list)) { components[root] = list = []; order.Add(root); }
            list.Add(groups[i]);
        }
        return order.Select(r => components[r].ToArray()).ToList();
    }

    /// <summary>
    /// Simulates one component on a cluster of its own: each group on fresh nodes, in the same order (so same-time ties
    /// resolve as on the real cluster), fed the requests of its models only.
    /// </summary>
    private ComponentOutcome Simulate(GpuGroup[] groups)
    {
        Interlocked.Increment(ref _simulations);
        int gpn = _problem.Cluster.GpusPerNode;
        var starts = new int[groups.Length];
        int nodes = 0;
        for (int i = 0; i < groups.Length; i++)
        {
            starts[i] = nodes * gpn;
            nodes += (groups[i].Gpus + gpn - 1) / gpn;
        }
        var cluster = new ClusterSpec(nodes, gpn, _problem.Cluster.MemoryGb);
        var placement = CandidateLayout.Replicas(_problem, groups, i => starts[i]);
        var map = CandidateLayout.MapOf(_problem, groups);
        var deployment = Deployment.Resolve(cluster, _problem.Catalog, placement, map, _problem.ModelCount, "candidate");
        var layout = new ServingLayout(deployment, _problem.Overhead, _problem.Policy.MaxBatch);
        var models = groups.SelectMany(g => g.Models).Distinct().Order().ToArray();
        var workload = Requests(models);
        var counter = new OutcomeCounter { SlosS = _slos, Within = new long[_problem.ModelCount] };
        new ServingEngine(layout, null, _problem.Policy, _slos).Run(workload, ref counter);
        return new ComponentOutcome(models, models.Select(m => counter.Within[m]).ToArray(), counter.SpanS);
    }

    /// <summary>The workload's requests of these models, in their order.</summary>
    private Workload Requests(int[] models)
    {
        var w = _problem.Workload;
        var wanted = new bool[_problem.ModelCount];
        long count = 0;
        foreach (int m in models) { wanted[m] = true; count += _problem.RequestsOf[m]; }
        var ids = new int[count];
        var arrivals = new double[count];
        int n = 0;
        var source = w.ModelIds;
        for (int i = 0; i < source.Length; i++)
        {
            int m = source[i];
            if ((uint)m < (uint)wanted.Length && wanted[m]) { ids[n] = m; arrivals[n] = w.ArrivalsS[i]; n++; }
        }
        return new Workload(w.Header, ids, arrivals);
    }

    /// <summary>Counts completions within their SLO per model and the last stage end; completion order does not matter.</summary>
    private struct OutcomeCounter : ISimulationObserver
    {
        public double[] SlosS;
        public long[] Within;
        public double SpanS;

        public void OnStageScheduled(in StageRun run, ReadOnlySpan<int> requests)
        {
            if (run.EndS > SpanS) SpanS = run.EndS;
        }

        public void OnRequestCompleted(in RequestDone done)
        {
            if (done.LatencyS <= SlosS[done.Model]) Within[done.Model]++;
        }

        public void OnRequestDropped(int request, int model, double arrivalS, double nowS) { }

        public static bool NeedsCompletionOrder => false;
    }
}
