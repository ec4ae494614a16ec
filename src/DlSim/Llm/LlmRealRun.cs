namespace DlSim.Llm;

/// <summary>One request of a real serving run, timed by the server (seconds on its monotonic clock).</summary>
public readonly record struct LlmMeasuredRequest(int InputTokens, int OutputTokens, double QueuedS, double FirstTokenS, double LastTokenS)
{
    public double TtftS => FirstTokenS - QueuedS;
    public double EndToEndS => LastTokenS - QueuedS;
    public double TpotS => OutputTokens > 1 ? (LastTokenS - FirstTokenS) / (OutputTokens - 1) : double.NaN;
}

/// <summary>A real run: its requests, its engine settings and its per-second samples.</summary>
/// <param name="KvBlocks">The KV cache blocks the engine resolved, when the run recorded them.</param>
/// <param name="GpuMemoryUtilization">The engine's memory fraction, when recorded.</param>
/// <param name="PrefixCaching">Whether the engine cached prefixes, when recorded.</param>
/// <param name="DatasetPath">The workload file the run replayed, as recorded (relative to the data set's root).</param>
public sealed record LlmRealRun(
    string Folder, IReadOnlyList<LlmMeasuredRequest> Requests, int MaxNumSeqs, int MaxNumBatchedTokens, int TensorParallel,
    int BlockSize, int? KvBlocks, double? GpuMemoryUtilization, double? GpuMemoryBytes, IReadOnlyList<LlmSample> Samples,
    bool? PrefixCaching = null, string? DatasetPath = null)
{
    /// <summary>The requests as a workload: arrivals at their queue times, from the first one.</summary>
    public LlmWorkload Workload()
    {
        var order = Requests.Select((r, i) => (r, i)).OrderBy(p => p.r.QueuedS).ThenBy(p => p.i).ToList();
        double origin = order.Count > 0 ? order[0].r.QueuedS : 0;
        return new LlmWorkload([.. order.Select(p => new LlmRequest(p.r.QueuedS - origin, p.r.InputTokens, p.r.OutputTokens))], Folder);
    }

    /// <summary>The requests as a workload carrying the prompts' block hashes of <paramref name="replayed"/>, the workload
    /// file the run replayed (same requests, same order).</summary>
    public LlmWorkload Workload(LlmWorkload replayed)
    {
        var own = Workload();
        if (replayed.Prompts is null) return own;
        var inOrder = InArrivalOrder();
        if (replayed.Count != inOrder.Count)
            throw new ArgumentException($"{replayed.Source} has {replayed.Count} requests, the run {inOrder.Count}", nameof(replayed));
        for (int i = 0; i < inOrder.Count; i++)
            if (replayed.Requests[i].InputTokens != inOrder[i].InputTokens)
                throw new ArgumentException($"{replayed.Source} request {i + 1} has {replayed.Requests[i].InputTokens} prompt tokens, the run's {inOrder[i].InputTokens}", nameof(replayed));
        return new LlmWorkload(own.Requests, own.Source) { Prompts = replayed.Prompts };
    }

    /// <summary>The requests in the workload's order (by queue time).</summary>
    public IReadOnlyList<LlmMeasuredRequest> InArrivalOrder() => [.. Requests.Select((r, i) => (r, i)).OrderBy(p => p.r.QueuedS).ThenBy(p => p.i).Select(p => p.r)];
}
