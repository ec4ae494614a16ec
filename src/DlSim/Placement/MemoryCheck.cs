using DlSim.Foundation;
using DlSim.Model;

namespace DlSim.Placement;

/// <summary>One GPU's memory under a placement. Bytes.</summary>
/// <param name="WeightBytes">Sum of the weight shares of every replica stage placed on the GPU.</param>
/// <param name="ActivationBytes">The largest activation share among them (stages on one GPU run one at a time).</param>
/// <param name="Stages">How many replica stages the GPU holds.</param>
/// <param name="Line">Placement line of the replica whose stage first took the GPU over capacity (0 when it fits).</param>
public sealed record GpuMemory(int Node, int Gpu, long WeightBytes, long ActivationBytes, long CapacityBytes, int Stages, int Line)
{
    /// <summary>Weights plus activations; saturates at <see cref="long.MaxValue"/> (never fits) instead of wrapping.</summary>
    public long UsedBytes => Limits.SaturatingAdd(WeightBytes, ActivationBytes);
    public bool Fits => UsedBytes <= CapacityBytes;
}

/// <summary>
/// The memory checker: on every GPU, the weights of every replica stage placed there plus the largest
/// activation footprint among them must fit in the GPU's capacity. A stage's weights and activations
/// are spread evenly over the GPUs of its mesh. Capacity is <c>-c</c> GB, taken as GiB (2³⁰ bytes),
/// as GPU memory sizes are quoted.
/// </summary>
public static class MemoryCheck
{
    public const long BytesPerGb = 1L << 30;

    /// <param name="batchSize">Activations are taken at this batch size (the largest a run may form).</param>
    public static IReadOnlyList<GpuMemory> Check(Deployment deployment, int batchSize = 1)
    {
        var cluster = deployment.Cluster;
        long capacity = (long)(cluster.MemoryGb * BytesPerGb);
        var weights = new long[cluster.GpuCount];
        var activation = new long[cluster.GpuCount];
        var stages = new int[cluster.GpuCount];
        var line = new int[cluster.GpuCount];
        foreach (var replica in deployment.Replicas)
            for (int s = 0; s < replica.StageGpus.Count; s++)
            {
                var stage = replica.Executable.Stages[s];
                var gpus = replica.StageGpus[s];
                long weightShare = CeilDiv(stage.WeightBytes, gpus.Length);
                long activationShare = CeilDiv(stage.ActivationBytesAt(Math.Min(batchSize, stage.MaxBatchSize)), gpus.Length);
                foreach (int g in gpus)
                {
                    weights[g] = Limits.SaturatingAdd(weights[g], weightShare);
                    activation[g] = Math.Max(activation[g], activationShare);
                    stages[g]++;
                    if (line[g] == 0 && Limits.SaturatingAdd(weights[g], activation[g]) > capacity) line[g] = replica.Spec.Line;
                }
            }
        var result = new GpuMemory[cluster.GpuCount];
        for (int g = 0; g < result.Length; g++)
        {
            var (node, gpu) = cluster.GpuAt(g);
            result[g] = new GpuMemory(node, gpu, weights[g], activation[g], capacity, stages[g], line[g]);
        }
        return result;
    }

    /// <summary>Throws every over-committed GPU as one input error each, naming the GPU, the used and the capacity bytes.</summary>
    public static void Enforce(Deployment deployment, string placementFile, int batchSize = 1)
    {
        var errors = new InputErrorList(placementFile);
        foreach (var m in Check(deployment, batchSize))
            if (!m.Fits) errors.Add(m.Line, Describe(m));
        errors.ThrowIfAny();
    }

    public static string Describe(GpuMemory m) =>
        $"expected GPU {m.Gpu} of node {m.Node} to need at most its {m.CapacityBytes} bytes, found {m.UsedBytes} bytes " +
        $"({m.WeightBytes} of weights for {m.Stages} replica stages + {m.ActivationBytes} of activations); use fewer replicas there or --no-memory-check";

    private static long CeilDiv(long a, int b) => a / b + (a % b != 0 ? 1 : 0);
}
