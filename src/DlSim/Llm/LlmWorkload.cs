namespace DlSim.Llm;

/// <summary>One LLM request: when it reaches the server, its prompt length and how many tokens it generates.</summary>
/// <param name="ArrivalS">Seconds from the workload's start.</param>
/// <param name="InputTokens">Prompt tokens (≥ 1).</param>
/// <param name="OutputTokens">Generated tokens, the first one included (≥ 1).</param>
/// <param name="Model">Which model of the scenario serves it (0 when there is one).</param>
public readonly record struct LlmRequest(double ArrivalS, int InputTokens, int OutputTokens, int Model = 0);

/// <summary>LLM requests in arrival order, and where they came from (for messages and reports).</summary>
public sealed class LlmWorkload
{
    public LlmWorkload(IReadOnlyList<LlmRequest> requests, string source)
    {
        for (int i = 1; i < requests.Count; i++)
            if (requests[i].ArrivalS < requests[i - 1].ArrivalS)
                throw new ArgumentException($"requests of {source} are not in arrival order at index {i}", nameof(requests));
        Requests = requests;
        Source = source;
    }

    public IReadOnlyList<LlmRequest> Requests { get; }
    public string Source { get; }
    /// <summary>The prompts' block hashes (for prefix caching), when the workload carries token ids.</summary>
    public PromptBlockHashes? Prompts { get; init; }
    public int Count => Requests.Count;
    /// <summary>Seconds from the start to the last arrival (0 for no request).</summary>
    public double SpanS => Requests.Count == 0 ? 0 : Requests[^1].ArrivalS;
}
