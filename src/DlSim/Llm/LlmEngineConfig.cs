namespace DlSim.Llm;

/// <summary>A vLLM engine's scheduling limits and KV cache.</summary>
/// <param name="MaxNumSeqs">Most sequences running at once.</param>
/// <param name="MaxNumBatchedTokens">Token budget of one iteration.</param>
/// <param name="BlockSize">Tokens per KV cache block.</param>
/// <param name="KvBlocks">KV cache blocks of the replica.</param>
/// <param name="PrefixCaching">Reuse cached full blocks of matching prefixes (vLLM's automatic prefix caching).</param>
public sealed record LlmEngineConfig(int MaxNumSeqs, int MaxNumBatchedTokens, int BlockSize, int KvBlocks, bool PrefixCaching = false)
{
    /// <summary>vLLM's defaults for an online server (0.19): 256 sequences, 2048 batched tokens, blocks of 16.</summary>
    public const int DefaultMaxNumSeqs = 256, DefaultMaxNumBatchedTokens = 2048, DefaultBlockSize = 16;

    /// <summary>Blocks <paramref name="tokens"/> tokens occupy.</summary>
    public int BlocksFor(int tokens) => (tokens + BlockSize - 1) / BlockSize;

    /// <summary>KV blocks that fit in GPU memory: utilization × memory − weights, over a block's bytes (per GPU of the TP
    /// group). With <paramref name="pp"/> pipeline stages, each GPU holds its stage's weights and its layers' share of a
    /// block; the replica gets the fewest blocks any stage has room for (a block holds its tokens on every stage).</summary>
    public static int BlocksFromMemory(LlmArchitecture model, int tp, double memoryBytes, double utilization, int blockSize, double activationBytes = 0, int pp = 1)
    {
        var layers = model.StageLayers(pp);
        int fewest = int.MaxValue;
        for (int stage = 0; stage < pp; stage++)
        {
            double free = memoryBytes * utilization - model.StageWeightBytesPerGpu(tp, pp, stage) - activationBytes;
            long blockBytes = model.KvBytesPerTokenPerGpu(tp, layers[stage]) * blockSize;
            int blocks = free <= 0 ? 0 : (int)Math.Min(int.MaxValue, Math.Floor(free / blockBytes));
            fewest = Math.Min(fewest, blocks);
        }
        return fewest;
    }
}

/// <summary>How requests are spread over replicas.</summary>
public enum LlmRouting
{
    /// <summary>Replicas in turn.</summary>
    RoundRobin,
    /// <summary>The replica with the fewest unfinished requests (ties: the first).</summary>
    LeastOutstanding,
    /// <summary>A replica drawn uniformly (seeded).</summary>
    Random,
    /// <summary>Two distinct replicas drawn at random (seeded); the one with fewer unfinished requests (ties: the first).</summary>
    PowerOfTwo,
    /// <summary>The replica with the least KV demand: blocks in use plus the blocks the prompts of its waiting requests
    /// need (ties: the first). What a router sees from vLLM's KV-usage and queue figures; output lengths are not known.</summary>
    LeastKv,
}
