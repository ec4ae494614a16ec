using System.CommandLine;
using DlSim.Cluster;
using DlSim.Formats;
using DlSim.Formats.SeedPlacement;
using DlSim.Foundation;
using DlSim.Model;
using DlSim.Placement;
using DlSim.Runs;
using DlSim.Serving;
using DlSim.Workloads;
using DlSim.Workloads.ClosedLoop;
using DlSim.Workloads.Traffic;

namespace DlSim.Cli.Commands;

/// <summary>The inputs every simulating command shares: cluster, workload, placement, service map, overhead.</summary>
public sealed class ScenarioOptions
{
    public ClusterOptions Cluster { get; } = new();

    public Option<string?> Workload { get; } = new("--workload", "-w")
    { Description = "Workload file: seed CSV, or Parquet (.parquet). Default: the built-in Poisson workload (10 Hz, 80/20, 20 s, SLO 0.25 s, seed 0)." };

    public Option<string?> Placement { get; } = new("--placement", "-p")
    { Description = "Placement file (seed JSON). Default: Bert_2.6B_1_device on GPU 0 and on GPU 1." };

    public Option<string?> ServiceMap { get; } = new("--service-map", "--service_map")
    { Description = "Which service serves each model id, e.g. 0=Bert_2.6B_0,1=Bert_2.6B_1. Default: model i → the i-th service of the placement." };

    public Option<string> Overhead { get; } = new("--overhead")
    {
        Description = "Dispatch overhead when a mesh is busy on receipt: 'seed' (3 ms multi-stage, 4 ms single-stage), '0', or MULTI,SINGLE in seconds.",
        DefaultValueFactory = _ => "seed",
    };

    public Option<bool> NoMemoryCheck { get; } = new("--no-memory-check", "--no_memory_check")
    { Description = "Simulate even if the placement does not fit in GPU memory (weights of every stage on a GPU + its largest activation)." };

    public void AddTo(Command command, bool workloadRequired = false, bool placementRequired = false)
    {
        Workload.Required = workloadRequired;
        Placement.Required = placementRequired;
        Cluster.AddTo(command);
        foreach (var o in new Option[] { Workload, Placement, ServiceMap, Overhead, NoMemoryCheck })
            command.Options.Add(o);
    }

    /// <summary>Everything a run needs, loaded and validated (all problems reported as <see cref="InputException"/>).</summary>
    /// <param name="closedLoop">Closed-loop clients, if any: without <c>-w</c> they are the only traffic.</param>
    public LoadedScenario Load(ParseResult parse, ClosedLoopSpec? closedLoop = null)
    {
        var cluster = Cluster.LoadCluster(parse);
        var catalog = Cluster.LoadCatalog(parse);
        string? workloadPath = parse.GetValue(Workload);
        string? placementPath = parse.GetValue(Placement);
        IRequestSource workload =
            workloadPath is not null ? WorkloadFiles.OpenRead(workloadPath) :
            closedLoop is not null ? new EmptyRequestSource(closedLoop.Header()) :
            new WorkloadSource(PoissonGenerator.Generate(DefaultScenario.Workload));
        int modelCount = closedLoop?.ExtendHeader(workload.Header).ModelCount ?? workload.Header.ModelCount;
        var placement = placementPath is null ? DefaultScenario.Placement : SeedPlacementJson.Read(placementPath);
        string? mapText = parse.GetValue(ServiceMap);
        var map = mapText is null ? DlSim.Placement.ServiceMap.Default(placement) : DlSim.Placement.ServiceMap.Parse(mapText);
        try
        {
            foreach (var group in closedLoop?.Groups ?? [])
                if (!map.ServiceOfModel.ContainsKey(group.Model))
                    throw new InputException("--closed-loop", 0,
                        $"expected a model id that has a service ({string.Join(", ", map.ServiceOfModel.Keys.Order())}), found model {group.Model}");
            string placementName = placementPath ?? "built-in placement";
            var deployment = Deployment.Resolve(cluster, catalog, placement, map, modelCount, placementName);
            if (!parse.GetValue(NoMemoryCheck)) MemoryCheck.Enforce(deployment, placementName);
            var overhead = DispatchOverhead.Parse(parse.GetValue(Overhead) ?? "seed");
            string name = workloadPath ?? (closedLoop is null ? "built-in workload" : "closed-loop clients");
            return new LoadedScenario(cluster, workload, name, deployment, overhead);
        }
        catch
        {
            workload.Dispose();
            throw;
        }
    }
}

/// <summary>Validated inputs of one run; the workload streams from <see cref="Requests"/> (problems in its rows surface while it is read).</summary>
public sealed record LoadedScenario(ClusterSpec Cluster, IRequestSource Requests, string WorkloadSource, Deployment Deployment, DispatchOverhead Overhead)
    : IDisposable
{
    public void Dispose() => Requests.Dispose();
}
