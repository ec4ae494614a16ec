namespace DlSim.Cluster;

/// <summary>A homogeneous cluster: <see cref="Nodes"/> × <see cref="GpusPerNode"/> GPUs of <see cref="MemoryGb"/> each.</summary>
public sealed record ClusterSpec(int Nodes = 1, int GpusPerNode = 2, double MemoryGb = 16)
{
    public int GpuCount => Nodes * GpusPerNode;

    /// <summary>Dense GPU index, node-major: GPU g of node n is n × GpusPerNode + g.</summary>
    public int GpuIndex(int node, int gpu) => node * GpusPerNode + gpu;

    public (int Node, int Gpu) GpuAt(int index) => (index / GpusPerNode, index % GpusPerNode);

    public bool Contains(int node, int gpu) => node >= 0 && node < Nodes && gpu >= 0 && gpu < GpusPerNode;
}
