using DlSim.Foundation;
using DlSim.Model;
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
    /// <summary>Run time of a queued run ÷ the slot's latency (1 unless fitted).</summary>
    internal readonly double[] SlotBusyScale;
    /// <summary>
    /// Blocking hand-off (<see cref="StageTiming.BlockingHandoff"/>): a stage that has a next stage ends no earlier than the
    /// next stage's mesh frees plus this (the next stage's busy gap less its idle delay), since it hands its output over only
    /// when the receiver is ready; NaN for a last stage, without a fit, or with immediate hand-off. Then the next stage
    /// starts exactly when the seed's rule would start it, and only the sending mesh is held longer.
    /// </summary>
    internal readonly double[] SlotHandoffS;
    /// <summary>
    /// The clock a slot's mesh keeps for all its GPUs, or −1 when another slot's mesh overlaps it only in part
    /// (then each GPU keeps its own). Slots on the same GPUs (twin replicas' stages) share one clock.
    /// </summary>
    internal readonly int[] SlotMeshClock;
    internal readonly int MeshClockCount;
    /// <summary>
    /// The replica's pipeline can be placed whole when a request enters. True when every slot sharing a GPU
    /// with its stage k runs stage k on exactly the same meshes for stages 0..k (the replica itself, or a
    /// twin). Then stage k's mesh receives work only from one stage-(k−1) mesh, FIFO, in the order requests
    /// entered stage 0, so every stage's times are fixed at entry, as event-by-event placement finds them.
    /// </summary>
    internal readonly bool[] ReplicaPlacedWhole;
    /// <summary>Least time from a mesh freeing to the start of a run received after it freed (<see cref="StageTiming.FreedGapS"/>); −∞ when none.</summary>
    internal readonly double[] SlotFreedGapS;
    /// <summary>Chance that a pause holds the mesh before a run (stochastic mode), and the durations drawn from (<see cref="StageDistribution"/>).</summary>
    internal readonly double[] SlotPauseP;
    internal readonly double[][] SlotPauseDurationsS;
    internal readonly double[] SlotSigma;
    internal readonly double[] SlotStragglerP;
    internal readonly double[] SlotStragglerFactor;
    internal readonly int[] SlotGpuStart;
    internal readonly int[] SlotGpuCount;
    internal readonly int[] SlotGpus;
    /// <summary>Latency of slot s at batch size b (1..MaxBatch) at [s × MaxBatch + b − 1].</summary>
    internal readonly double[] SlotBatchLatencyS;
    internal readonly int[] ServiceFirst;
    internal readonly int[] ServiceReplicaCount;
    internal readonly int[] ServiceReplicas;
    internal readonly int[] ServiceOfModel;

    public Deployment Deployment { get; }

    /// <summary>What placing a stage reads of its slot, together in one 32-byte entry (one cache line, one bounds check).</summary>
    internal struct SlotEssentials
    {
        /// <summary>Run time at batch size 1 (the profile's, or fitted).</summary>
        public double LatencyS;
        /// <summary>Delay before a run queued behind another on the slot's GPUs (the seed's overhead, or fitted).</summary>
        public double BusyGapS;
        /// <summary>Delay from receipt to start on an idle mesh (0 in the seed's model).</summary>
        public double IdleDelayS;
        /// <summary><see cref="SlotMeshClock"/>.</summary>
        public int MeshClock;
        /// <summary>Same-time rank of the slot's completion: its highest GPU index (a stage ends when its last GPU reports).</summary>
        public int Rank;
    }

    internal readonly SlotEssentials[] Slots;
    /// <summary>
    /// True when some slot's start, run time or end is adjusted beyond latency + gap: a freed gap, a queued-run scale, or a
    /// blocking hand-off (fitted timings only).
    /// </summary>
    internal readonly bool AdjustsRuns;


    /// <exception cref="InputException">An executable has no profile up to <paramref name="maxBatch"/>.</exception>
    /// <param name="timing">Fitted stage timings that replace profile latencies and the overhead where given.</param>
    public ServingLayout(Deployment deployment, DispatchOverhead overhead, int maxBatch = 1, IStageTimingModel? timing = null)
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

        SlotCount = replicas.Sum(r => r.Executable.StageCount);
        SlotGpuStart = new int[SlotCount];
        SlotGpuCount = new int[SlotCount];
        Slots = new SlotEssentials[SlotCount];
        SlotBatchLatencyS = new double[SlotCount * maxBatch];
        SlotBusyScale = new double[SlotCount];
        SlotHandoffS = new double[SlotCount];
        SlotFreedGapS = new double[SlotCount];
        SlotPauseP = new double[SlotCount];
        SlotPauseDurationsS = new double[SlotCount][];
        SlotSigma = new double[SlotCount];
        SlotStragglerP = new double[SlotCount];
        SlotStragglerFactor = new double[SlotCount];
        var gpus = new List<int>();
        int slot = 0;
        for (int r = 0; r < ReplicaCount; r++)
        {
            var replica = replicas[r];
            ReplicaFirstSlot[r] = slot;
            ReplicaStageCount[r] = replica.Executable.StageCount;
            MaxStages = Math.Max(MaxStages, replica.Executable.StageCount);
            for (int s = 0; s < replica.Executable.StageCount; s++, slot++)
            {
                SlotGpuStart[slot] = gpus.Count;
                SlotGpuCount[slot] = replica.StageGpus[s].Length;
                gpus.AddRange(replica.StageGpus[s]);
                var stage = replica.Executable.Stages[s];
                var fitted = timing?.For(replica.Executable.Name, s);
                // A fitted latency rescales the whole batch profile by its ratio at batch size 1.
                double scale = fitted is null ? 1 : fitted.LatencyS / stage.LatencyS;
                ref var essentials = ref Slots[slot];
                essentials.LatencyS = stage.LatencyS * scale;
                for (int b = 1; b <= maxBatch; b++) SlotBatchLatencyS[slot * maxBatch + b - 1] = stage.LatencyAt(b) * scale;
                essentials.BusyGapS = fitted?.BusyGapS ?? overhead.For(replica.Executable.StageCount);
                essentials.IdleDelayS = fitted?.IdleDelayS ?? 0;
                SlotBusyScale[slot] = fitted?.BusyLatencyS is double busy ? busy / fitted.LatencyS : 1;
                var spread = fitted?.Distribution;
                SlotSigma[slot] = spread?.LogSigma ?? 0;
                SlotStragglerP[slot] = spread?.StragglerProbability ?? 0;
                SlotStragglerFactor[slot] = spread?.StragglerFactor ?? 1;
                SlotFreedGapS[slot] = fitted?.FreedGapS ?? double.NegativeInfinity;
                SlotPauseDurationsS[slot] = [.. spread?.PauseDurationsS ?? []];
                SlotPauseP[slot] = SlotPauseDurationsS[slot].Length > 0 ? spread!.Value.PauseProbability : 0;
                essentials.Rank = replica.StageGpus[s].Max();
                var nextFitted = s + 1 < replica.Executable.StageCount ? timing?.For(replica.Executable.Name, s + 1) : null;
                SlotHandoffS[slot] = fitted is { BlockingHandoff: true } && nextFitted is not null ? nextFitted.BusyGapS - nextFitted.IdleDelayS : double.NaN;
            }
        }
        SlotGpus = [.. gpus];
        (SlotMeshClock, MeshClockCount) = MeshClocks();
        ReplicaPlacedWhole = PlacedWhole();
        for (int s = 0; s < SlotCount; s++) Slots[s].MeshClock = SlotMeshClock[s];
        AdjustsRuns = SlotBusyScale.Any(x => x != 1) || SlotHandoffS.Any(x => !double.IsNaN(x)) || SlotFreedGapS.Any(double.IsFinite);

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

    private (int[] Clock, int Count) MeshClocks()
    {
        var key = new string[SlotCount];
        for (int slot = 0; slot < SlotCount; slot++) key[slot] = string.Join(",", GpusOf(slot).ToArray());
        var mixed = MixedGpus(key);
        var ids = new Dictionary<string, int>();
        var clock = new int[SlotCount];
        for (int slot = 0; slot < SlotCount; slot++)
        {
            bool pure = true;
            foreach (int g in GpusOf(slot)) pure &= !mixed[g];
            if (!pure) { clock[slot] = -1; continue; }
            if (!ids.TryGetValue(key[slot], out int id)) ids[key[slot]] = id = ids.Count;
            clock[slot] = id;
        }
        return (clock, ids.Count);
    }

    /// <summary>GPUs used by slots of different keys.</summary>
    private bool[] MixedGpus(string[] key)
    {
        var keyOnGpu = new string?[GpuCount];
        var mixed = new bool[GpuCount];
        for (int slot = 0; slot < SlotCount; slot++)
            foreach (int g in GpusOf(slot))
            {
                if (keyOnGpu[g] is null) keyOnGpu[g] = key[slot];
                else if (keyOnGpu[g] != key[slot]) mixed[g] = true;
            }
        return mixed;
    }

    private bool[] PlacedWhole()
    {
        // A slot's key: the GPU sets of its replica's stages 0..k.
        var key = new string[SlotCount];
        for (int r = 0; r < ReplicaCount; r++)
        {
            var prefix = new System.Text.StringBuilder();
            for (int k = 0; k < ReplicaStageCount[r]; k++)
            {
                int slot = ReplicaFirstSlot[r] + k;
                prefix.Append('[').Append(string.Join(",", GpusOf(slot).ToArray())).Append(']');
                key[slot] = prefix.ToString();
            }
        }
        var mixed = MixedGpus(key);
        var whole = new bool[ReplicaCount];
        for (int r = 0; r < ReplicaCount; r++)
        {
            bool ok = true;
            for (int k = 0; k < ReplicaStageCount[r]; k++)
                foreach (int g in GpusOf(ReplicaFirstSlot[r] + k)) ok &= !mixed[g];
            whole[r] = ok;
        }
        return whole;
    }

    /// <summary>
    /// When a run of the slot that would end at <paramref name="end"/> hands its output over: then, or with a blocking hand-off
    /// once the next stage's mesh (as <paramref name="clocks"/> have it) is ready for it (<see cref="SlotHandoffS"/>).
    /// </summary>
    internal double HandedOverAt(int slot, double end, GpuClocks clocks)
    {
        double handoff = SlotHandoffS[slot];
        if (double.IsNaN(handoff)) return end;
        double next = clocks.BusyUntil(slot + 1);
        return next > 0 ? Math.Max(end, next + handoff) : end;
    }

    /// <summary>Dense GPU indices of a slot's mesh.</summary>
    public ReadOnlySpan<int> GpusOf(int slot) => SlotGpus.AsSpan(SlotGpuStart[slot], SlotGpuCount[slot]);

    public int FirstSlotOf(int replica) => ReplicaFirstSlot[replica];

    /// <summary>Seconds one run of the slot takes at a batch size from 1 to <see cref="MaxBatch"/>.</summary>
    public double LatencyOf(int slot, int batchSize) => SlotBatchLatencyS[slot * MaxBatch + batchSize - 1];
}
