namespace DlSim.Llm;

/// <summary>One model served on a shared GPU group: its own engine (scheduler limits, KV blocks) and its own requests.</summary>
/// <param name="Name">How results name it (unique in its group).</param>
/// <param name="Deployment">Its model, tensor parallelism (the group's GPUs), engine and timing; one replica.</param>
/// <param name="TtftSloS">Its TTFT objective in seconds, or null for none.</param>
/// <param name="TpotSloS">Its TPOT objective in seconds, or null for none.</param>
public sealed record LlmSharedModel(string Name, LlmDeployment Deployment, LlmWorkload Workload, double? TtftSloS = null, double? TpotSloS = null);

/// <summary>Which model runs the next iteration when a shared GPU group comes free.</summary>
public enum LlmShareOrder
{
    /// <summary>The models in turn, from the one after the model that ran last; a model with nothing to run is skipped.</summary>
    RoundRobin,
    /// <summary>The model with work that has had the least GPU time so far (ties: the next in turn), so a model with long
    /// iterations does not take more of the GPU than one with short ones.</summary>
    LeastGpuTime,
}

/// <summary>
/// GPUs shared by several models: every model's weights are resident on them, and each model is tensor-parallel over all
/// of them, so one iteration runs at a time on the whole group.
/// </summary>
/// <param name="Name">How results name the group.</param>
/// <param name="MemoryBytes">Memory of one GPU of the group.</param>
/// <param name="Utilization">Fraction of that memory the engines may use (weights and KV caches together).</param>
public sealed record LlmGpuGroup(string Name, IReadOnlyList<LlmSharedModel> Models, double MemoryBytes, double Utilization, LlmShareOrder Order = LlmShareOrder.RoundRobin)
{
    /// <summary>GPUs in the group: the models' tensor-parallel degree.</summary>
    public int Gpus => Models.Count == 0 ? 0 : Models[0].Deployment.TensorParallel;

    /// <summary>Weight bytes of every model on each GPU of the group.</summary>
    public long WeightBytesPerGpu => Models.Sum(m => m.Deployment.Model.WeightBytesPerGpu(m.Deployment.TensorParallel));

    /// <summary>KV cache bytes on each GPU of the group: blocks × block bytes, over every model.</summary>
    public long KvBytesPerGpu => Models.Sum(m => LlmKvSplit.BlockBytes(m.Deployment) * m.Deployment.Engine.KvBlocks);
}
