namespace DlSim.Llm;

/// <summary>What happened to one request.</summary>
/// <param name="ArrivalS">When it reached its replica.</param>
/// <param name="FirstTokenS">When its first token came out (NaN if rejected).</param>
/// <param name="LastTokenS">When its last token came out (NaN if rejected).</param>
/// <param name="Replica">The replica that served it.</param>
/// <param name="Preemptions">Times its KV was dropped to be recomputed.</param>
/// <param name="Rejected">It could never fit in the KV cache and was refused on arrival.</param>
public readonly record struct LlmRequestRecord(
    double ArrivalS, double FirstTokenS, double LastTokenS, int InputTokens, int OutputTokens,
    int Replica, int Preemptions, bool Rejected)
{
    public double TtftS => FirstTokenS - ArrivalS;
    public double EndToEndS => LastTokenS - ArrivalS;
    /// <summary>Mean time per output token after the first (NaN for one-token outputs).</summary>
    public double TpotS => OutputTokens > 1 ? (LastTokenS - FirstTokenS) / (OutputTokens - 1) : double.NaN;
}

/// <summary>A replica's state sampled once a second.</summary>
public readonly record struct LlmSample(double TimeS, int Running, int Waiting, double KvUse, int PromptTokens, int GeneratedTokens);
