using DlSim.Cluster;

namespace DlSim.Search;

/// <summary>
/// How a GPU group runs a model: <see cref="Pipeline"/> stages (inter-op) of <see cref="Tensor"/> GPUs each (intra-op).
/// A stage of up to a node's GPUs sits on one node, (1, Tensor); a wider one takes whole nodes, (Tensor ÷ GPUs per node, GPUs per node).
/// </summary>
public readonly record struct ParallelConfig(int Pipeline, int Tensor)
{
    public int Gpus => Pipeline * Tensor;

    /// <summary>The mesh shape of each stage on a cluster with <paramref name="gpusPerNode"/> GPUs per node.</summary>
    public MeshShape StageShape(int gpusPerNode) =>
        Tensor <= gpusPerNode ? new MeshShape(1, Tensor) : new MeshShape(Tensor / gpusPerNode, gpusPerNode);

    /// <summary>Stages never straddle a node: a stage's GPUs divide a node's, or are whole nodes.</summary>
    public bool FitsNodes(int gpusPerNode) =>
        Tensor <= gpusPerNode ? gpusPerNode % Tensor == 0 : Tensor % gpusPerNode == 0;

    public override string ToString() => $"pp{Pipeline}op{Tensor}";
}
