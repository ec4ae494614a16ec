using DlSim.Cluster;
using DlSim.Placement;

namespace DlSim.Search;

/// <summary>Turns groups of a candidate into placement replicas: one replica per (group, model), stage meshes in GPU order.</summary>
public static class CandidateLayout
{
    /// <summary>
    /// The placement of <paramref name="groups"/> (in order), each group's first GPU given by <paramref name="startOf"/>;
    /// replicas in group order, then model order (the order that breaks routing ties).
    /// </summary>
    public static PlacementSpec Replicas(PlacementProblem problem, IReadOnlyList<GpuGroup> groups, Func<int, int> startOf)
    {
        var replicas = new List<ReplicaSpec>();
        int gpn = problem.Cluster.GpusPerNode;
        for (int i = 0; i < groups.Count; i++)
        {
            var g = groups[i];
            var shape = g.Config.StageShape(gpn);
            foreach (int m in g.Models)
            {
                var executable = problem.ExecutableFor(m, g.Config)
                    ?? throw new InvalidOperationException($"model {m} has no executable for {g.Config}");
                var meshes = new SubMesh[g.Config.Pipeline];
                for (int s = 0; s < meshes.Length; s++) meshes[s] = Mesh(startOf(i) + s * g.Config.Tensor, shape, gpn);
                replicas.Add(new ReplicaSpec(problem.ServiceName(m), executable.ModelName, executable.Name, meshes));
            }
        }
        return new PlacementSpec(replicas);
    }

    /// <summary>The candidate as a placement on the real cluster, and the map from workload model ids to its services.</summary>
    public static (PlacementSpec Placement, ServiceMap Map) Build(PlacementProblem problem, Candidate candidate)
    {
        var groups = candidate.Groups.Where(g => g.Models.Length > 0).ToArray();
        return (Replicas(problem, groups, i => groups[i].Start), MapOf(problem, groups));
    }

    /// <summary>Each placed model → its service name.</summary>
    public static ServiceMap MapOf(PlacementProblem problem, IEnumerable<GpuGroup> groups)
    {
        var map = new Dictionary<int, string>();
        foreach (var g in groups) foreach (int m in g.Models) map[m] = problem.ServiceName(m);
        return new ServiceMap(map);
    }

    /// <summary>A mesh of <paramref name="shape"/> starting at dense GPU <paramref name="first"/>: part of one node, or whole nodes.</summary>
    public static SubMesh Mesh(int first, MeshShape shape, int gpusPerNode)
    {
        int node = first / gpusPerNode;
        if (shape.Nodes == 1)
            return new SubMesh([node], [Enumerable.Range(first % gpusPerNode, shape.GpusPerNode).ToArray()]);
        var all = Enumerable.Range(0, gpusPerNode).ToArray();
        return new SubMesh(Enumerable.Range(node, shape.Nodes).ToArray(), Enumerable.Range(0, shape.Nodes).Select(_ => (IReadOnlyList<int>)all).ToArray());
    }
}
