namespace DlSim.Llm;

/// <summary>What one engine iteration computes, as the timing model needs it.</summary>
/// <param name="Tokens">Tokens computed (prefill chunk tokens plus one per decode).</param>
/// <param name="Sequences">Sequences in the batch (one logit row each).</param>
/// <param name="PrefillTokens">Prompt tokens computed (sum over prefill chunks).</param>
/// <param name="KvPrefill">Tokens already cached for those prefill chunks (summed).</param>
/// <param name="Decodes">Decoding sequences.</param>
/// <param name="KvDecodeMean">Mean cached tokens of a decoding sequence.</param>
/// <param name="KvDecodeMax">Most cached tokens of a decoding sequence.</param>
/// <param name="KvDecodeMin">Fewest cached tokens of a decoding sequence.</param>
public readonly record struct IterationShape(
    int Tokens, int Sequences, int PrefillTokens, long KvPrefill, int Decodes,
    double KvDecodeMean, double KvDecodeMax, double KvDecodeMin);
