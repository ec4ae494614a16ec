namespace DlSim.Llm;

/// <summary>Measured times (µs) of one decoder layer's operators on one GPU at one tensor-parallel degree.</summary>
/// <param name="Dense">Token-parallel operators by name: time by batch tokens.</param>
/// <param name="PerSequence">Once-per-iteration operators by name (lm_head, sampler): time by sequences in the batch.</param>
/// <param name="Attention">Attention kernel on axes (prefill_chunk, n_decode, kv_prefill, kv_decode).</param>
/// <param name="Skew">Correction for decode batches of uneven lengths; null when not profiled.</param>
/// <param name="Source">Folder the profile came from (for messages).</param>
public sealed record LlmProfile(
    IReadOnlyDictionary<string, RaggedGrid> Dense,
    IReadOnlyDictionary<string, RaggedGrid> PerSequence,
    RaggedGrid Attention,
    SkewCorrection? Skew,
    string Source)
{
    /// <summary>Operators run once per decoder layer (a Llama block: two RMS norms, QKV, rotary, attention output, gated MLP).</summary>
    public static readonly IReadOnlyList<(string Op, int Count)> LayerOps =
    [
        ("layernorm", 2), ("qkv_proj", 1), ("rotary_emb", 1), ("o_proj", 1), ("gate_up_proj", 1), ("act_fn", 1), ("down_proj", 1),
    ];

    /// <summary>Token-parallel operators run once per iteration, outside the layers.</summary>
    public static readonly IReadOnlyList<string> ModelOps = ["embedding", "final_layernorm"];

    /// <summary>Once-per-iteration operators on the sequences.</summary>
    public static readonly IReadOnlyList<string> SequenceOps = ["lm_head", "sampler"];
}

/// <summary>Skew correction of attention (bucketed alphas): time = t(mean kv) + α·(t(max kv) − t(mean kv)).</summary>
/// <param name="Alphas">α by bucket key (pc, n bucket, skew-rate bucket, kv-max bucket, kv-prefill bucket).</param>
/// <param name="Default">α when a batch's bucket was not measured.</param>
public sealed record SkewCorrection(
    IReadOnlyDictionary<(int Pc, int N, int Rate, int KvBig, int Kp), double> Alphas, double Default,
    double[] NBins, double[] RateBins, double[] KvBigBins, double[] KpBins, double[] PcValues)
{
    public double Alpha(double pc, int n, double rate, double kvBig, double kp)
    {
        int pcKey = (int)Nearest(PcValues, pc);
        var key = (pcKey, Bucket(NBins, n), Bucket(RateBins, rate), Bucket(KvBigBins, kvBig), Bucket(KpBins, kp));
        return Alphas.TryGetValue(key, out double a) ? a : Default;
    }

    /// <summary>Bucket i holds (bins[i], bins[i+1]]; past the last edge, the last bucket.</summary>
    public static int Bucket(double[] bins, double v)
    {
        for (int i = 0; i + 1 < bins.Length; i++) if (v <= bins[i + 1]) return i;
        return bins.Length - 2;
    }

    private static double Nearest(double[] values, double v)
    {
        double best = values.Length == 0 ? 0 : values[0];
        foreach (double x in values) if (Math.Abs(x - v) < Math.Abs(best - v)) best = x;
        return best;
    }
}
