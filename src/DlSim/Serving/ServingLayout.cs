using DlSim.Io;
using DlSim.Placement;

namespace DlSim.Serving;

/// <summary>
/// A <see cref="Deployment"/> flattened into arrays for the engine's hot loop. Every stage of every
/// replica gets a slot (replica's first slot + stage index); a slot knows its GPUs, latency and rank.
/// </summary>
public sealed class ServingLayout
{
    public int GpuCount { get; }
    public int ReplicaCount { get; }
    public int SlotCount { get; }
    public int MaxStages { get; }
    /// <summary>Largest batch the run forms; every slot has a latency for each size up to it.</summary>
    public int MaxBatch { get; }

    internal readonly int[] ReplicaFirstSlot;
    internal readonly int[] ReplicaStageCount;
    internal readonly double[] ReplicaOverheadS;
    internal readonly int[] SlotGpuStart;
    internal readonly int[] SlotGpuCount;
    internal readonly int[] SlotGpus;
    internal readonly double[] SlotLatencyS;
    /// <summary>Latency of slot s at batch size b (1..MaxBatch) at [s × MaxBatch + b − 1].</summary>
    internal readonly double[] SlotBatchLatencyS;
    /// <summary>Same-time rank of a slot's completion: its highest GPU index (a stage ends when its last GPU reports).</summary>
    internal readonly int[] SlotRank;
    internal readonly int[] ServiceFirst;
    internal readonly int[] ServiceReplicaCount;
    internal readonly int[] ServiceReplicas;
    internal readonly int[] ServiceOfModel;

    public Deployment Deployment { get; }

    /// <exception cref="InputException">An executable has no profile up to <paramref name="maxBatch"/>.</exception>
    public ServingLayout(Deployment deployment, DispatchOverhead overhead, int maxBatch = 1)
    {
        MaxBatch = maxBatch;
        foreach (var r in deployment.Replicas)
            if (r.Executable.MaxBatchSize < maxBatch)
                throw new InputException("--max-batch", 0,
                    $"expected a batch size every placed executable has a profile for, found {maxBatch} but {r.Executable.Name} is profiled up to {r.Executable.MaxBatchSize} (add batch sizes with --profiles)");
        Deployment = deployment;
        var replicas = deployment.Replicas;
        GpuCount = deployment.Cluster.GpuCount;
        ReplicaCount = replicas.Count;
        ReplicaFirstSlot = new int[ReplicaCount];
        ReplicaStageCount = new int[ReplicaCount];
        ReplicaOverheadS = new double[ReplicaCount];
        SlotCount = replicas.Sum(r => r.Executable.StageCount);
        SlotGpuStart = new int[SlotCount];
        SlotGpuCount = new int[SlotCount];
        SlotLatencyS = new double[SlotCount];
        SlotRank = new int[SlotCount];
        SlotBatchLatencyS = new double[SlotCount * maxBatch];
        var gpus = new List<int>();
        int slot = 0;
        for (int r = 0; r < ReplicaCount; r++)
        {
            var replica = replicas[r];
            ReplicaFirstSlot[r] = slot;
            ReplicaStageCount[r] = replica.Executable.StageCount;
            ReplicaOverheadS[r] = overhead.For(replica.Executable.StageCount);
            MaxStages = Math.Max(MaxStages, replica.Executable.StageCount);
            for (int s = 0; s < replica.Executable.StageCount; s++, slot++)
            {
                SlotGpuStart[slot] = gpus.Count;
                SlotGpuCount[slot] = replica.StageGpus[s].Length;
                gpus.AddRange(replica.StageGpus[s]);
                SlotLatencyS[slot] = replica.Executable.Stages[s].LatencyS;
                for (int b = 1; b <= maxBatch; b++) SlotBatchLatencyS[slot * maxBatch + b - 1] = replica.Executable.Stages[s].LatencyAt(b);
                SlotRank[slot] = replica.StageGpus[s].Max();
            }
        }
        SlotGpus = [.. gpus];

        int services = deployment.Services.Count;
        ServiceFirst = new int[services];
        ServiceReplicaCount = new int[services];
        var order = new List<int>();
        for (int s = 0; s < services; s++)
        {
            ServiceFirst[s] = order.Count;
            for (int r = 0; r < ReplicaCount; r++)
                if (replicas[r].ServiceIndex == s) order.Add(r);
            ServiceReplicaCount[s] = order.Count - ServiceFirst[s];
        }
        ServiceReplicas = [.. order];
        ServiceOfModel = [.. deployment.ServiceOfModel];
    }

    /// <summary>Dense GPU indices of a slot's mesh.</summary>
    public ReadOnlySpan<int> GpusOf(int slot) => SlotGpus.AsSpan(SlotGpuStart[slot], SlotGpuCount[slot]);

    public int FirstSlotOf(int replica) => ReplicaFirstSlot[replica];

    /// <summary>Seconds one run of the slot takes at a batch size from 1 to <see cref="MaxBatch"/>.</summary>
    public double LatencyOf(int slot, int batchSize) => SlotBatchLatencyS[slot * MaxBatch + batchSize - 1];
}
