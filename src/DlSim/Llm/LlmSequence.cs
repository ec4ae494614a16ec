namespace DlSim.Llm;

/// <summary>A request's state inside a replica.</summary>
internal sealed class LlmSequence(int index, LlmRequest request, ulong[]? promptHashes = null)
{
    public readonly int Index = index;
    public readonly int Prompt = request.InputTokens;
    public readonly int Output = request.OutputTokens;
    /// <summary>Tokens generated so far.</summary>
    public int Generated;
    /// <summary>Tokens whose KV is computed (reset to 0 by a preemption).</summary>
    public int Computed;
    /// <summary>KV blocks held, in token order.</summary>
    public readonly List<int> BlockIds = [];
    /// <summary>Leading blocks of <see cref="BlockIds"/> registered in the prefix cache.</summary>
    public int Registered;
    /// <summary>Tokens scheduled in the current iteration.</summary>
    public int Scheduled;
    public int Preemptions;
    /// <summary>Tokens taken from the prefix cache instead of computed, over all admissions.</summary>
    public long CachedTokens;
    public bool Running;

    /// <summary>In a micro-batch that has not ended (it cannot be scheduled again or preempted until then): only such a
    /// request has tokens scheduled (a running request always has at least one token to compute).</summary>
    public bool InFlight => Scheduled > 0;

    /// <summary>Tokens known: the prompt and what was generated.</summary>
    public int Known => Prompt + Generated;
    public int Blocks => BlockIds.Count;

    private readonly ulong[] _promptHashes = promptHashes ?? [];
    private List<ulong>? _later;

    /// <summary>The content hash of block <paramref name="block"/> (its tokens must be known): the prompt's own for its
    /// full blocks; past them, a hash unique to this request (generated tokens' ids are unknown).</summary>
    public ulong HashOf(int block)
    {
        if (block < _promptHashes.Length) return _promptHashes[block];
        _later ??= [];
        int first = _promptHashes.Length;
        while (first + _later.Count <= block)
        {
            int b = first + _later.Count;
            ulong parent = b == 0 ? 0 : b - 1 < first ? _promptHashes[b - 1] : _later[b - 1 - first];
            _later.Add(PromptBlockHashes.Generated(parent, Index, b));
        }
        return _later[block - first];
    }
}
