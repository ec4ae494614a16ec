using DlSim.Cluster;

namespace DlSim.Model;

/// <summary>What one stage costs at one batch size.</summary>
/// <param name="LatencyS">Seconds one run of the stage takes at this batch size; &gt; 0.</param>
/// <param name="LatencyStdS">Standard deviation of that latency in seconds (0 when unknown).</param>
/// <param name="ActivationBytes">Working memory of one run, for the whole stage mesh, beyond the weights; ≥ 0.</param>
public readonly record struct BatchPoint(int BatchSize, double LatencyS, double LatencyStdS = 0, long ActivationBytes = 0);

/// <summary>
/// One pipeline stage of an executable: the sub-mesh shape it needs, its weights, and its cost at each
/// measured batch size (ascending). Weights and activations are the whole stage's, spread evenly over
/// the GPUs of its mesh.
/// </summary>
public sealed record StageSpec(MeshShape Shape, IReadOnlyList<BatchPoint> Batches, long WeightBytes = 0)
{
    /// <summary>A stage measured at batch size 1 only, with no memory figures (the seed's catalog entries).</summary>
    public StageSpec(MeshShape shape, double latencyS) : this(shape, [new BatchPoint(1, latencyS)]) { }

    /// <summary>Latency in seconds of one run at batch size 1 (the seed's model); &gt; 0.</summary>
    public double LatencyS => LatencyAt(1);

    public int MaxBatchSize => Batches[^1].BatchSize;

    /// <summary>
    /// Latency at any batch size up to the largest listed: listed sizes exactly, others interpolated
    /// linearly between the neighbours; below the smallest listed size, that size's latency.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">Beyond the largest listed batch size.</exception>
    public double LatencyAt(int batchSize) => Interpolate(batchSize, p => p.LatencyS);

    /// <summary>Activation bytes at a batch size, interpolated like <see cref="LatencyAt"/>.</summary>
    public long ActivationBytesAt(int batchSize) => (long)Math.Ceiling(Interpolate(batchSize, p => p.ActivationBytes));

    private double Interpolate(int batchSize, Func<BatchPoint, double> figure)
    {
        if (batchSize > MaxBatchSize)
            throw new ArgumentOutOfRangeException(nameof(batchSize), $"batch size {batchSize} is beyond the largest profiled ({MaxBatchSize})");
        if (batchSize <= Batches[0].BatchSize) return figure(Batches[0]);
        for (int i = 1; i < Batches.Count; i++)
        {
            var hi = Batches[i];
            if (batchSize > hi.BatchSize) continue;
            var lo = Batches[i - 1];
            double t = (double)(batchSize - lo.BatchSize) / (hi.BatchSize - lo.BatchSize);
            return figure(lo) + t * (figure(hi) - figure(lo));
        }
        return figure(Batches[^1]);
    }

    public bool Equals(StageSpec? other) =>
        other is not null && Shape == other.Shape && WeightBytes == other.WeightBytes && Batches.SequenceEqual(other.Batches);

    public override int GetHashCode() => HashCode.Combine(Shape, WeightBytes, Batches.Count);
}

/// <summary>A compiled way to run a model: its pipeline stages, each on a sub-mesh of a given shape.</summary>
public sealed record Executable(string ModelName, string Name, IReadOnlyList<StageSpec> Stages)
{
    public int StageCount => Stages.Count;

    /// <summary>The largest batch size every stage has a profile for.</summary>
    public int MaxBatchSize => Stages.Min(s => s.MaxBatchSize);

    public long WeightBytes => Stages.Sum(s => s.WeightBytes);

    public bool Equals(Executable? other) =>
        other is not null && ModelName == other.ModelName && Name == other.Name && Stages.SequenceEqual(other.Stages);

    public override int GetHashCode() => HashCode.Combine(ModelName, Name, Stages.Count);
}
