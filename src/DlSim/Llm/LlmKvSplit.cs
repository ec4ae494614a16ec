namespace DlSim.Llm;

/// <summary>
/// How the KV cache memory of a shared GPU group is divided among its models: what is left of memory × utilization
/// after every model's weights goes to the models with a fixed block count first, and the rest by share.
/// </summary>
public static class LlmKvSplit
{
    /// <summary>Bytes one KV block of the deployment takes on each GPU of its tensor-parallel group.</summary>
    public static long BlockBytes(LlmDeployment d) => BlockBytes(d.Model, d.TensorParallel, d.Engine.BlockSize);

    public static long BlockBytes(LlmArchitecture model, int tp, int blockSize) => model.KvBytesPerTokenPerGpu(tp) * blockSize;

    /// <summary>Bytes per GPU left for KV caches: utilization × memory − the weights of every model (≤ 0 when they do not fit).
    /// Computed as <see cref="LlmEngineConfig.BlocksFromMemory"/> does, so that one model alone gets the same blocks.</summary>
    public static double FreeBytes(double memoryBytes, double utilization, long weightBytesPerGpu) => memoryBytes * utilization - weightBytesPerGpu;

    /// <summary>
    /// Blocks of each model: a model with <paramref name="fixedBlocks"/> takes them; the others divide the bytes left
    /// in proportion to their <paramref name="shares"/> (> 0), each rounded down to whole blocks. A model may come out
    /// with no block (too little memory left): the caller refuses that.
    /// </summary>
    /// <param name="free">Bytes per GPU left after the weights (<see cref="FreeBytes"/>).</param>
    /// <param name="leftOver">Bytes per GPU that the fixed models leave for the others (negative when they take too much).</param>
    public static int[] Blocks(double free, IReadOnlyList<long> blockBytes, IReadOnlyList<int?> fixedBlocks, IReadOnlyList<double> shares, out double leftOver)
    {
        int n = blockBytes.Count;
        var blocks = new int[n];
        leftOver = free;
        double total = 0;
        for (int i = 0; i < n; i++)
        {
            if (fixedBlocks[i] is int given) { blocks[i] = given; leftOver -= (double)given * blockBytes[i]; }
            else total += shares[i];
        }
        if (leftOver <= 0 || total <= 0) return blocks;
        for (int i = 0; i < n; i++)
        {
            if (fixedBlocks[i] is not null) continue;
            // One model with a share (a model alone) gets leftOver × 1: the same bytes, so the same blocks, as BlocksFromMemory.
            double bytes = leftOver * (shares[i] / total);
            blocks[i] = (int)Math.Min(int.MaxValue, Math.Floor(bytes / blockBytes[i]));
        }
        return blocks;
    }
}
