namespace DlSim.Llm;

/// <summary>
/// The least time an iteration can take on a GPU whatever the kernels: it must read every weight of its shard once and
/// the cached keys and values its attention attends to (memory bound), and it must do the matrix products of its
/// tokens (compute bound). Attention's own products are left out, so this is a lower bound.
/// </summary>
public static class PhysicalBounds
{
    /// <summary>Bytes the iteration must read: the weight shard and the cached KV of every sequence it attends over.</summary>
    public static double BytesRead(LlmArchitecture model, int tp, in IterationShape shape)
    {
        double cached = shape.KvPrefill + shape.Decodes * shape.KvDecodeMean;
        return model.WeightBytesPerGpu(tp) + cached * model.KvBytesPerTokenPerGpu(tp);
    }

    /// <summary>Floating-point operations of the weight products on one GPU: 2 per weight per token in the layers, 2 per output-projection weight per sequence.</summary>
    public static double Flops(LlmArchitecture model, int tp, in IterationShape shape) =>
        2.0 * model.Layers * model.LayerParameters / tp * shape.Tokens + 2.0 * model.Vocab * model.Hidden / tp * shape.Sequences;

    /// <summary>Seconds the iteration takes at the least: memory bound or compute bound, whichever is longer.</summary>
    public static double MinimumSeconds(LlmArchitecture model, int tp, GpuSpec gpu, in IterationShape shape) =>
        Math.Max(BytesRead(model, tp, shape) / gpu.MemoryBandwidthBytesPerS, Flops(model, tp, shape) / gpu.PeakFlops);
}
