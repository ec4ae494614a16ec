using DlSim.Runs;
namespace DlSim.Bench;

/// <summary>The scenarios <c>dlsim bench</c> measures.</summary>
public enum BenchScenarioKind
{
    /// <summary>The reference's 2-GPU, 2-stage inter-op placement at 6.667 Hz (the seed's own case).</summary>
    Interop,
    /// <summary>128 nodes × 8 GPUs, 256 replicas of mixed pipeline/tensor shapes, the interop load per GPU.</summary>
    Cluster1024,
    /// <summary>The interop placement driven by closed-loop clients.</summary>
    ClosedLoop,
    /// <summary>Two GPUs serving a batch-profiled model above capacity: SLO-aware batching and SLO admission.</summary>
    BatchingSlo,
}
