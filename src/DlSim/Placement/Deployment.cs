using DlSim.Cluster;
using DlSim.Foundation;
using DlSim.Model;

namespace DlSim.Placement;

/// <summary>A replica resolved against the cluster and catalog: its executable and the dense GPU indices of each stage's mesh.</summary>
public sealed record DeployedReplica(int Index, ReplicaSpec Spec, Executable Executable, int ServiceIndex, IReadOnlyList<int[]> StageGpus);

/// <summary>
/// A validated placement, ready to simulate: every replica checked against the cluster (GPUs exist,
/// mesh shapes match the executable) and each workload model id mapped to a service, or to none: a model
/// without a service is unserved (its requests are refused on arrival and count as misses).
/// </summary>
public sealed class Deployment
{
    public ClusterSpec Cluster { get; }
    public IReadOnlyList<DeployedReplica> Replicas { get; }
    public IReadOnlyList<string> Services { get; }
    /// <summary>Service index of each model id; -1 for ids the map does not name (unserved models).</summary>
    public IReadOnlyList<int> ServiceOfModel { get; }

    private Deployment(ClusterSpec cluster, IReadOnlyList<DeployedReplica> replicas, IReadOnlyList<string> services, int[] serviceOfModel)
    {
        Cluster = cluster; Replicas = replicas; Services = services; ServiceOfModel = serviceOfModel;
    }

    /// <summary>Validates and resolves; reports every problem as an <see cref="InputException"/>.</summary>
    /// <param name="placementFile">Named in errors about replicas.</param>
    /// <param name="modelCount">Model ids 0..modelCount-1 of the workload; those the map does not name are unserved.</param>
    public static Deployment Resolve(ClusterSpec cluster, ModelCatalog catalog, PlacementSpec placement, ServiceMap map,
        int modelCount, string placementFile = "placement")
    {
        var errors = new InputErrorList(placementFile);
        var services = placement.ServiceNames();
        var replicas = new List<DeployedReplica>();
        foreach (var spec in placement.Replicas)
        {
            var resolved = ResolveReplica(cluster, catalog, spec, replicas.Count, services, errors);
            if (resolved is not null) replicas.Add(resolved);
        }
        if (placement.Replicas.Count == 0) errors.Add(1, "expected at least one replica, found an empty placement");
        errors.ThrowIfAny();

        var mapErrors = new InputErrorList("--service-map");
        var serviceOfModel = new int[Math.Max(modelCount, map.ServiceOfModel.Count == 0 ? 0 : map.ServiceOfModel.Keys.Max() + 1)];
        Array.Fill(serviceOfModel, -1);
        foreach (var (model, service) in map.ServiceOfModel)
        {
            int index = IndexOf(services, service);
            if (index < 0) mapErrors.Add(0, $"expected a service of the placement ({string.Join(", ", services)}) for model {model}, found \"{service}\"");
            else serviceOfModel[model] = index;
        }
        mapErrors.ThrowIfAny();
        return new Deployment(cluster, replicas, services, serviceOfModel);
    }

    private static DeployedReplica? ResolveReplica(ClusterSpec cluster, ModelCatalog catalog, ReplicaSpec spec, int index,
        IReadOnlyList<string> services, InputErrorList errors)
    {
        if (!catalog.TryGet(spec.ExecutableName, out var executable))
        {
            errors.Add(spec.Line, $"expected a known executable ({string.Join(", ", catalog.Executables.Select(e => e.Name))}), found \"{spec.ExecutableName}\"");
            return null;
        }
        bool ok = true;
        if (executable.ModelName != spec.ModelName)
        {
            errors.Add(spec.Line, $"expected model \"{executable.ModelName}\" for executable {executable.Name}, found \"{spec.ModelName}\"");
            ok = false;
        }
        if (spec.Meshes.Count != executable.StageCount)
        {
            errors.Add(spec.Line, $"expected {executable.StageCount} stage meshes for {executable.Name}, found {spec.Meshes.Count}");
            return null;
        }
        var stageGpus = new List<int[]>();
        for (int s = 0; s < spec.Meshes.Count; s++)
        {
            var mesh = spec.Meshes[s];
            int line = mesh.Line > 0 ? mesh.Line : spec.Line;
            if (!CheckMesh(cluster, mesh, s, line, errors)) { ok = false; continue; }
            var want = executable.Stages[s].Shape;
            bool uniform = mesh.Devices.All(d => d.Count == want.GpusPerNode);
            if (mesh.Shape != want || !uniform)
            {
                errors.Add(line, $"expected stage {s} of {executable.Name} on a mesh of shape {want} (nodes, GPUs per node), found {Describe(mesh)}");
                ok = false;
                continue;
            }
            stageGpus.Add(mesh.GpuIndices(cluster));
        }
        return ok ? new DeployedReplica(index, spec, executable, IndexOf(services, spec.ServiceName), stageGpus) : null;
    }

    private static bool CheckMesh(ClusterSpec cluster, SubMesh mesh, int stage, int line, InputErrorList errors)
    {
        if (mesh.NodeIds.Count != mesh.Devices.Count)
        {
            errors.Add(line, $"expected stage {stage}'s devices to have one list per node id ({mesh.NodeIds.Count}), found {mesh.Devices.Count}");
            return false;
        }
        var seen = new HashSet<(int, int)>();
        for (int i = 0; i < mesh.NodeIds.Count; i++)
        {
            int node = mesh.NodeIds[i];
            if (node >= cluster.Nodes)
            {
                errors.Add(line, $"expected stage {stage}'s node ids below {cluster.Nodes} (the cluster's node count), found node {node}");
                return false;
            }
            foreach (int gpu in mesh.Devices[i])
            {
                if (!cluster.Contains(node, gpu))
                {
                    errors.Add(line, $"expected stage {stage}'s GPU indices below {cluster.GpusPerNode} (GPUs per node), found GPU {gpu} on node {node}");
                    return false;
                }
                if (!seen.Add((node, gpu)))
                {
                    errors.Add(line, $"expected each GPU once in stage {stage}'s mesh, found GPU {gpu} of node {node} twice");
                    return false;
                }
            }
        }
        if (mesh.NodeIds.Count == 0)
        {
            errors.Add(line, $"expected stage {stage}'s mesh to name at least one node, found none");
            return false;
        }
        return true;
    }

    private static string Describe(SubMesh mesh) =>
        $"{mesh.NodeIds.Count} node(s) with {string.Join("/", mesh.Devices.Select(d => d.Count))} GPU(s)";

    private static int IndexOf(IReadOnlyList<string> list, string value)
    {
        for (int i = 0; i < list.Count; i++) if (list[i] == value) return i;
        return -1;
    }
}
