using System.CommandLine;
using System.Globalization;
using DlSim.Formats;
using DlSim.Foundation;
using DlSim.Search;
using DlSim.Serving;
using DlSim.Workloads;

namespace DlSim.Cli.Commands;

/// <summary>What <c>place</c> and <c>capacity</c> share: the cluster, traffic, model assignment, serving policies and search limits.</summary>
public sealed class PlaceOptions
{
    public ClusterOptions Cluster { get; } = new();

    public Option<string> Workload { get; } = new("--workload", "-w")
    { Description = "Workload file: seed CSV, or Parquet (.parquet).", Required = true };

    public Option<string[]> Models { get; } = new("--models")
    {
        Description = "Which profile model serves each workload model id: ID=MODEL pairs, FIRST-LAST=MODEL ranges, comma-separated " +
                      "(e.g. 0=Bert_2.6B,1-3=Bert_1.3B), or @FILE with such pairs per line. Model i's service is named MODEL_i. Repeatable.",
        Arity = ArgumentArity.OneOrMore,
        Required = true,
    };

    public PolicyOptions Policy { get; } = new();

    public Option<string> Overhead { get; } = new("--overhead")
    {
        Description = "Dispatch overhead when a mesh is busy on receipt: 'seed' (3 ms multi-stage, 4 ms single-stage), '0', or MULTI,SINGLE in seconds.",
        DefaultValueFactory = _ => "seed",
    };

    public Option<string> Objective { get; } = new("--objective")
    {
        Description = $"What to maximise: {EnumNames.List<SearchObjective>()} (attainment: requests within their SLO ÷ all requests, dropped and unserved ones count as misses; goodput: requests within their SLO per second).",
        DefaultValueFactory = _ => EnumNames.Of(SearchObjective.Attainment),
    };

    public Option<string> Algorithm { get; } = new("--algorithm")
    {
        Description = $"Search algorithm: {EnumNames.List<PlacementAlgorithm>()}. local-search (default): load-balanced starts on every equal partition, then local search over replica, configuration and group moves; sr-greedy, mp-greedy, mp-search: AlpaServe's algorithms; exhaustive: every candidate (tiny problems).",
        DefaultValueFactory = _ => EnumNames.Of(PlacementAlgorithm.LocalSearch),
    };

    public Option<int?> GroupSize { get; } = new("--group-size")
    { Description = "mp-greedy: GPUs per group (default: every size that tiles the nodes)." };

    public Option<ulong> Seed { get; } = new("--seed")
    { Description = "Seed of the search's random choices and of the random routers.", DefaultValueFactory = _ => 0UL };

    public Option<int> Threads { get; } = new("--threads")
    { Description = "Threads scoring candidates (default: all cores). The result does not depend on it when --evaluations stops the search.", DefaultValueFactory = _ => Environment.ProcessorCount };

    public Option<long> Evaluations { get; } = new("--evaluations")
    { Description = "Stop after this many candidates scored.", DefaultValueFactory = _ => new SearchSettings().MaxEvaluations };

    public Option<double> Budget { get; } = new("--budget")
    { Description = "Stop after this many seconds of search.", DefaultValueFactory = _ => new SearchSettings().BudgetS };

    public void AddTo(Command command)
    {
        Cluster.AddTo(command);
        foreach (var o in new Option[] { Workload, Models, Overhead, Objective, Algorithm, GroupSize, Seed, Threads, Evaluations, Budget })
            command.Options.Add(o);
        Policy.AddTo(command);
    }

    /// <summary>The search's algorithm and limits, validated.</summary>
    public (PlacementAlgorithm Algorithm, SearchSettings Settings, int? GroupSize) ReadSearch(ParseResult parse, Action<SearchProgress>? progress)
    {
        var algorithm = EnumNames.Parse<PlacementAlgorithm>(parse.GetValue(Algorithm)!, "--algorithm");
        long evaluations = parse.GetValue(Evaluations);
        double budget = parse.GetValue(Budget);
        int threads = parse.GetValue(Threads);
        var errors = new List<InputError>();
        if (evaluations <= 0) errors.Add(new InputError("--evaluations", 0, $"expected a count > 0, found {evaluations}"));
        if (!(budget > 0) || double.IsInfinity(budget)) errors.Add(new InputError("--budget", 0, $"expected seconds > 0, found {budget.ToString(CultureInfo.InvariantCulture)}"));
        if (threads < 1 || threads > 1024) errors.Add(new InputError("--threads", 0, $"expected 1 to 1024 threads, found {threads}"));
        if (parse.GetValue(GroupSize) is int g && g < 1) errors.Add(new InputError("--group-size", 0, $"expected GPUs ≥ 1, found {g}"));
        if (errors.Count > 0) throw new InputException(errors);
        var settings = new SearchSettings
        {
            MaxEvaluations = evaluations, BudgetS = budget, Threads = threads, Seed = parse.GetValue(Seed), Progress = progress,
        };
        return (algorithm, settings, parse.GetValue(GroupSize));
    }

    /// <summary>
    /// What every problem of this command shares: the catalog (profiles read once), the model assignment for the
    /// workload's model ids, the policies and the objective. Bad input: unknown models, ids without a model.
    /// </summary>
    public ProblemSetting LoadSetting(ParseResult parse, Workload workload)
    {
        var catalog = Cluster.LoadCatalog(parse);
        string workloadPath = parse.GetValue(Workload)!;
        var names = ModelAssignment.Resolve(ModelAssignment.Parse(parse.GetValue(Models) ?? []), workload.Header.ModelCount, catalog, workloadPath);
        var objective = EnumNames.Parse<SearchObjective>(parse.GetValue(Objective)!, "--objective");
        var policy = Policy.Read(parse, parse.GetValue(Seed));
        var overhead = DispatchOverhead.Parse(parse.GetValue(Overhead) ?? "seed");
        return new ProblemSetting(catalog, names, policy, overhead, objective);
    }

    /// <summary>
    /// Every model must fit some group of the cluster alone; otherwise bad input naming it and its smallest need, one line per
    /// profile model (listing its workload ids).
    /// </summary>
    public static void RequirePlaceable(PlacementProblem problem)
    {
        var errors = new InputErrorList(ModelAssignment.Flag);
        var unplaceable = Enumerable.Range(0, problem.ModelCount).Where(m => !problem.Placeable(m)).GroupBy(m => problem.ProfileModels[m]);
        foreach (var group in unplaceable)
        {
            int m = group.First();
            string ids = group.Count() == 1 ? $"workload model {m}" : $"workload models {string.Join(", ", group.Take(5))}{(group.Count() > 5 ? ", …" : "")}";
            long need = problem.SmallestNeedBytes(m);
            string batch = problem.Policy.MaxBatch > 1 ? $", profiled up to batch size {problem.Policy.MaxBatch} (--max-batch)" : "";
            errors.Add(0, need == long.MaxValue
                ? $"expected an executable of {group.Key} ({ids}) whose stage meshes fit the cluster's nodes ({problem.Cluster.GpusPerNode} GPUs each, {problem.UsableGpus} GPUs in all){batch}, found none"
                : string.Create(CultureInfo.InvariantCulture,
                    $"expected {ids} ({group.Key}) to fit on some GPU group, found none: it needs at least {need / (double)Placement.MemoryCheck.BytesPerGb:F3} GB per GPU ({need} bytes), the GPUs hold {problem.Cluster.MemoryGb} GB"));
        }
        errors.ThrowIfAny();
    }

    public Workload ReadWorkload(ParseResult parse) => WorkloadFiles.ReadAll(parse.GetValue(Workload)!);
}
