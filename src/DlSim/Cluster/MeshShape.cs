namespace DlSim.Cluster;

/// <summary>Shape of a sub-mesh: how many nodes, and how many GPUs on each.</summary>
public readonly record struct MeshShape(int Nodes, int GpusPerNode)
{
    public int GpuCount => Nodes * GpusPerNode;
    public override string ToString() => $"({Nodes},{GpusPerNode})";
}
