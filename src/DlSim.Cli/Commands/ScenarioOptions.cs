using System.CommandLine;
using DlSim.Cluster;
using DlSim.Io;
using DlSim.Model;
using DlSim.Placement;
using DlSim.Runs;
using DlSim.Serving;
using DlSim.Workloads;

namespace DlSim.Cli.Commands;

/// <summary>The inputs every simulating command shares: cluster, workload, placement, service map, overhead.</summary>
public sealed class ScenarioOptions
{
    public Option<int> Nodes { get; } = new("--num_nodes", "-n", "--num-nodes")
    { Description = "Number of nodes in the cluster.", DefaultValueFactory = _ => DefaultScenario.Cluster.Nodes };

    public Option<int> GpusPerNode { get; } = new("--num_devices_per_node", "-d", "--num-devices-per-node")
    { Description = "Number of GPUs per node.", DefaultValueFactory = _ => DefaultScenario.Cluster.GpusPerNode };

    public Option<double> MemoryGb { get; } = new("--memory_capacity", "-c", "--memory-capacity")
    { Description = "GPU memory capacity in GB.", DefaultValueFactory = _ => DefaultScenario.Cluster.MemoryGb };

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

    public void AddTo(Command command, bool workloadRequired = false, bool placementRequired = false)
    {
        Workload.Required = workloadRequired;
        Placement.Required = placementRequired;
        foreach (var o in new Option[] { Nodes, GpusPerNode, MemoryGb, Workload, Placement, ServiceMap, Overhead })
            command.Options.Add(o);
    }

    /// <summary>Everything a run needs, loaded and validated (all problems reported as <see cref="InputException"/>).</summary>
    public LoadedScenario Load(ParseResult parse)
    {
        var cluster = LoadCluster(parse);
        string? workloadPath = parse.GetValue(Workload);
        string? placementPath = parse.GetValue(Placement);
        IRequestSource workload = workloadPath is null
            ? new WorkloadSource(PoissonGenerator.Generate(DefaultScenario.Workload))
            : WorkloadFiles.OpenRead(workloadPath);
        var placement = placementPath is null ? DefaultScenario.Placement : SeedPlacementJson.Read(placementPath);
        string? mapText = parse.GetValue(ServiceMap);
        var map = mapText is null ? DlSim.Placement.ServiceMap.Default(placement) : DlSim.Placement.ServiceMap.Parse(mapText);
        try
        {
            var deployment = Deployment.Resolve(cluster, ModelCatalog.BuiltIn, placement, map, workload.Header.ModelCount,
                placementPath ?? "built-in placement");
            var overhead = DispatchOverhead.Parse(parse.GetValue(Overhead) ?? "seed");
            return new LoadedScenario(cluster, workload, workloadPath ?? "built-in workload", deployment, overhead);
        }
        catch
        {
            workload.Dispose();
            throw;
        }
    }

    public ClusterSpec LoadCluster(ParseResult parse)
    {
        int nodes = parse.GetValue(Nodes), gpus = parse.GetValue(GpusPerNode);
        double memory = parse.GetValue(MemoryGb);
        var errors = new List<InputError>();
        if (nodes < 1) errors.Add(new InputError("--num_nodes", 0, $"expected at least 1 node, found {nodes}"));
        if (gpus < 1) errors.Add(new InputError("--num_devices_per_node", 0, $"expected at least 1 GPU per node, found {gpus}"));
        if (!(memory > 0) || double.IsInfinity(memory)) errors.Add(new InputError("--memory_capacity", 0, $"expected a positive capacity in GB, found {memory}"));
        if ((long)nodes * gpus > Kernel.EventQueue<int>.MaxRank) errors.Add(new InputError("--num_nodes", 0, $"expected at most {Kernel.EventQueue<int>.MaxRank} GPUs in all, found {(long)nodes * gpus}"));
        if (errors.Count > 0) throw new InputException(errors);
        return new ClusterSpec(nodes, gpus, memory);
    }
}

/// <summary>Validated inputs of one run; the workload streams from <see cref="Requests"/> (problems in its rows surface while it is read).</summary>
public sealed record LoadedScenario(ClusterSpec Cluster, IRequestSource Requests, string WorkloadSource, Deployment Deployment, DispatchOverhead Overhead)
    : IDisposable
{
    public void Dispose() => Requests.Dispose();
}
