namespace DlSim.Cluster;

/// <summary>
/// A set of GPUs running one pipeline stage, as the placement file names it:
/// <c>Devices[i]</c> lists the GPU indices used on node <c>NodeIds[i]</c>.
/// </summary>
/// <param name="Line">Line of the mesh in its file (for error messages); 0 when built in code. Not part of equality.</param>
public sealed record SubMesh(IReadOnlyList<int> NodeIds, IReadOnlyList<IReadOnlyList<int>> Devices, int Line = 0)
{
    /// <summary>(number of nodes, GPUs per node); GPUs per node is taken from the first node.</summary>
    public MeshShape Shape => new(NodeIds.Count, Devices.Count > 0 ? Devices[0].Count : 0);

    /// <summary>Dense GPU indices of this mesh, sorted ascending (node-major).</summary>
    public int[] GpuIndices(ClusterSpec cluster)
    {
        var list = new List<int>();
        for (int i = 0; i < NodeIds.Count; i++)
            foreach (int gpu in Devices[i])
                list.Add(cluster.GpuIndex(NodeIds[i], gpu));
        list.Sort();
        return [.. list];
    }

    public bool Equals(SubMesh? other) =>
        other is not null && NodeIds.SequenceEqual(other.NodeIds) &&
        Devices.Count == other.Devices.Count &&
        Devices.Zip(other.Devices).All(p => p.First.SequenceEqual(p.Second));

    public override int GetHashCode() => HashCode.Combine(NodeIds.Count, Devices.Count);

    public static SubMesh Single(int node, params int[] gpus) => new([node], [gpus]);
}
