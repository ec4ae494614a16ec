using System.CommandLine;
using DlSim.Cluster;
using DlSim.Formats.Profiles;
using DlSim.Foundation;
using DlSim.Model;
using DlSim.Runs;

namespace DlSim.Cli.Commands;

/// <summary>The cluster (-n, -d, -c) and the model catalog (--profiles): what every command placing executables needs.</summary>
public sealed class ClusterOptions
{
    public Option<int> Nodes { get; } = new("--num_nodes", "-n", "--num-nodes")
    { Description = "Number of nodes in the cluster.", DefaultValueFactory = _ => DefaultScenario.Cluster.Nodes };

    public Option<int> GpusPerNode { get; } = new("--num_devices_per_node", "-d", "--num-devices-per-node")
    { Description = "Number of GPUs per node.", DefaultValueFactory = _ => DefaultScenario.Cluster.GpusPerNode };

    public Option<double> MemoryGb { get; } = new("--memory_capacity", "-c", "--memory-capacity")
    { Description = "GPU memory capacity in GB (GiB, 2^30 bytes).", DefaultValueFactory = _ => DefaultScenario.Cluster.MemoryGb };

    public Option<string[]> Profiles { get; } = new("--profiles")
    {
        Description = "Profile file (JSON) of executables, added to the built-in catalog; an executable named like a built-in one replaces it. Repeatable.",
        Arity = ArgumentArity.ZeroOrMore,
    };

    public void AddTo(Command command, bool withCluster = true)
    {
        if (withCluster)
        {
            command.Options.Add(Nodes);
            command.Options.Add(GpusPerNode);
            command.Options.Add(MemoryGb);
        }
        command.Options.Add(Profiles);
    }

    public ModelCatalog LoadCatalog(ParseResult parse)
    {
        var files = parse.GetValue(Profiles) ?? [];
        return files.Length == 0 ? BuiltInProfiles.Catalog : BuiltInProfiles.Catalog.WithFiles(files);
    }

    public ClusterSpec LoadCluster(ParseResult parse)
    {
        int nodes = parse.GetValue(Nodes), gpus = parse.GetValue(GpusPerNode);
        double memory = parse.GetValue(MemoryGb);
        var errors = new List<InputError>();
        string nodesFlag = parse.Typed(Nodes), gpusFlag = parse.Typed(GpusPerNode), memoryFlag = parse.Typed(MemoryGb);
        long maxGpus = Math.Min(Limits.MaxGpus, Kernel.EventQueue<int>.MaxRank);
        if (nodes < 1) errors.Add(new InputError(nodesFlag, 0, $"expected at least 1 node, found {nodes}"));
        if (gpus < 1) errors.Add(new InputError(gpusFlag, 0, $"expected at least 1 GPU per node, found {gpus}"));
        if (!(memory > 0) || !(memory <= Limits.MaxMemoryGb))
            errors.Add(new InputError(memoryFlag, 0, string.Create(System.Globalization.CultureInfo.InvariantCulture, $"expected a capacity in GB above 0 and at most {Limits.MaxMemoryGb} (the limit), found {memory}")));
        if ((long)nodes * gpus > maxGpus) errors.Add(new InputError(nodesFlag, 0, $"expected at most {maxGpus} GPUs in all (the limit), found {(long)nodes * gpus}"));
        if (errors.Count > 0) throw new InputException(errors);
        return new ClusterSpec(nodes, gpus, memory);
    }
}
