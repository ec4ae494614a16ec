using DlSim.Cluster;
using DlSim.Placement;
using DlSim.Workloads;

namespace DlSim.Runs;

/// <summary>
/// The scenario <c>dlsim simulate</c> runs without inputs: the seed README's example. One node with two
/// 16 GB GPUs; Bert_2.6B_1_device for service Bert_2.6B_0 on GPU 0 and Bert_2.6B_1 on GPU 1; Poisson
/// 10 Hz total, 80/20 over the two models, 20 s, SLO 0.25 s, seed 0.
/// </summary>
public static class DefaultScenario
{
    public static ClusterSpec Cluster { get; } = new(Nodes: 1, GpusPerNode: 2, MemoryGb: 16);

    public static PlacementSpec Placement { get; } = new(
    [
        new ReplicaSpec("Bert_2.6B_0", "Bert_2.6B", "Bert_2.6B_1_device", [SubMesh.Single(0, 0)]),
        new ReplicaSpec("Bert_2.6B_1", "Bert_2.6B", "Bert_2.6B_1_device", [SubMesh.Single(0, 1)]),
    ]);

    public static PoissonWorkloadSpec Workload { get; } = new();
}
