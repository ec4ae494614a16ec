namespace DlSim.Llm;

/// <summary>One iteration (with pipeline parallelism: one micro-batch) of one replica, for checks and traces.</summary>
/// <param name="StartS">When it entered the (first) stage.</param>
/// <param name="EndS">When its tokens came out of the (last) stage.</param>
/// <param name="Admitted">Requests admitted for the first time in this iteration, in admission order.</param>
/// <param name="Stages">With pipeline parallelism, when it ran on each stage, first to last; null with one stage.</param>
public sealed record LlmIterationRecord(
    int Replica, double StartS, double EndS, IterationShape Shape, int TokensEmitted, int UsedBlocks, int TotalBlocks,
    IReadOnlyList<int> Admitted, int Preemptions, int RunningAfter, int WaitingAfter, IReadOnlyList<StageSpan>? Stages = null);

/// <summary>When a micro-batch ran on one pipeline stage.</summary>
public readonly record struct StageSpan(double StartS, double EndS);

/// <summary>A batch scheduled together: its requests (each with its tokens in <see cref="LlmSequence.Scheduled"/>),
/// shape, and when it runs on each stage.</summary>
internal sealed class MicroBatch(int stages)
{
    public readonly List<LlmSequence> Sequences = [];
    public readonly List<int> Admitted = [];
    public int Preemptions;
    public IterationShape Shape;
    public readonly double[] StageStart = new double[stages];
    public readonly double[] StageEnd = new double[stages];
    public double End;
}
