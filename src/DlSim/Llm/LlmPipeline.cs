namespace DlSim.Llm;

/// <summary>Pipeline parallelism of a replica: its layers split into <paramref name="Stages"/> consecutive stages,
/// each on its own tensor-parallel group, a stage's activations sent to the next over a link.</summary>
/// <param name="Stages">Pipeline-parallel degree (1: no pipeline).</param>
/// <param name="LinkBytesPerS">Bandwidth of the link between consecutive stages (bytes per second).</param>
/// <param name="LinkLatencyS">Fixed time added to every send between stages (seconds).</param>
public sealed record LlmPipeline(int Stages, double LinkBytesPerS, double LinkLatencyS)
{
    /// <summary>Default link: 25 GB/s and 10 µs, a PCIe 4.0 ×16 path between GPUs of one machine.</summary>
    public const double DefaultLinkBytesPerS = 25e9, DefaultLinkLatencyS = 10e-6;

    /// <summary>One stage: the whole model on one tensor-parallel group.</summary>
    public static readonly LlmPipeline None = new(1, DefaultLinkBytesPerS, DefaultLinkLatencyS);

    /// <summary>Bytes each GPU of a stage sends the next for <paramref name="tokens"/> tokens: the hidden states and
    /// the residual (one value per hidden dimension each), split over the tensor-parallel group.</summary>
    public static long ActivationBytesPerGpu(LlmArchitecture model, int tp, int tokens) =>
        ((long)tokens * model.Hidden * 2 * model.BytesPerValue + tp - 1) / tp;

    /// <summary>Seconds one send of <paramref name="bytes"/> takes: bytes over bandwidth, plus the latency.</summary>
    public double SendSeconds(long bytes) => bytes / LinkBytesPerS + LinkLatencyS;
}
