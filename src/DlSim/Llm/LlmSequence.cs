namespace DlSim.Llm;

/// <summary>A request's state inside a replica.</summary>
internal sealed class LlmSequence(int index, LlmRequest request)
{
    public readonly int Index = index;
    public readonly int Prompt = request.InputTokens;
    public readonly int Output = request.OutputTokens;
    /// <summary>Tokens generated so far.</summary>
    public int Generated;
    /// <summary>Tokens whose KV is computed (reset to 0 by a preemption).</summary>
    public int Computed;
    /// <summary>KV blocks held.</summary>
    public int Blocks;
    /// <summary>Tokens scheduled in the current iteration.</summary>
    public int Scheduled;
    public int Preemptions;
    public bool Running;

    /// <summary>Tokens known: the prompt and what was generated.</summary>
    public int Known => Prompt + Generated;
}
