namespace DlSim.Llm;

/// <summary>
/// The roofline cost (µs) of each operator of a decoder-only model on one GPU of a tensor-parallel group: its
/// floating-point operations and bytes moved, from the architecture alone, each over the GPU's peak scaled by the
/// factor of its group, the larger of the two plus the group's fixed overhead.
/// </summary>
public sealed class RooflineOperators
{
    /// <summary>Bytes of one fp32 logit (the sampler works on fp32 logits whatever the model's dtype).</summary>
    private const double LogitBytes = 4;

    private readonly LlmArchitecture _model;
    private readonly GpuSpec _gpu;
    private readonly int _tp;
    private readonly double _flopsPerUs, _bytesPerUs, _linkBytesPerUs;
    private readonly RooflineFactors _f;
    private readonly double _bytes, _qHeads, _kvHeads, _activeExperts;

    public RooflineOperators(LlmArchitecture model, int tp, GpuSpec gpu, RooflineFactors factors)
    {
        _model = model;
        _gpu = gpu;
        _tp = tp;
        _f = factors;
        _flopsPerUs = gpu.PeakFlops * 1e-6;
        _bytesPerUs = gpu.MemoryBandwidthBytesPerS * 1e-6;
        _linkBytesPerUs = gpu.InterconnectBytesPerS * 1e-6;
        _bytes = model.BytesPerValue;
        _qHeads = (double)model.Heads / tp;
        _kvHeads = Math.Max(1, model.KvHeads / tp);
        // A mixture of experts reads every expert's weights once tokens spread over them, but each token passes through two (top-2 routing).
        _activeExperts = Math.Min(model.Experts, 2);
    }

    public LlmArchitecture Model => _model;
    public GpuSpec Gpu => _gpu;
    public int TensorParallel => _tp;
    public RooflineFactors Factors => _f;

    private static double Roof(double flopsUs, double bytesUs) => Math.Max(flopsUs, bytesUs);

    /// <summary>A weight product of <paramref name="tokens"/> rows: [tokens × k] · [k × n], weights read once, activations in and out.</summary>
    private double Gemm(double tokens, double k, double n, double weightCopies = 1, double flopCopies = 1)
    {
        double flops = 2 * tokens * k * n * flopCopies;
        double bytes = (k * n * weightCopies + tokens * (k + n * flopCopies)) * _bytes;
        return Roof(flops / (_flopsPerUs * _f.GemmCompute), bytes / (_bytesPerUs * _f.GemmMemory)) + _f.GemmOverheadUs;
    }

    private double Elementwise(double tokens, double valuesPerToken) =>
        tokens * valuesPerToken * _bytes / (_bytesPerUs * _f.ElementwiseMemory) + _f.ElementwiseOverheadUs;

    /// <summary>µs of the token-parallel operator <paramref name="op"/> (a name of <see cref="LlmProfile.LayerOps"/> or <see cref="LlmProfile.ModelOps"/>) at a batch of <paramref name="tokens"/>.</summary>
    public double DenseUs(string op, int tokens)
    {
        double h = _model.Hidden, d = _model.HeadDim, inter = (double)_model.Intermediate / _tp;
        return op switch
        {
            "qkv_proj" => Gemm(tokens, h, d * (_qHeads + 2 * _kvHeads)),
            "o_proj" => Gemm(tokens, d * _qHeads, h),
            "gate_up_proj" => Gemm(tokens, h, 2 * inter, _model.Experts, _activeExperts),
            "down_proj" => Gemm(tokens, inter, h, _model.Experts, _activeExperts),
            // The values each token reads (norm input; queries and keys; gate and up; an embedding row). Writes are not
            // counted: a profile times each kernel alone and its small outputs stay in cache (measured elementwise kernels
            // outrun the memory bandwidth when both are counted).
            "layernorm" or "final_layernorm" or "embedding" => Elementwise(tokens, h),
            "rotary_emb" => Elementwise(tokens, d * (_qHeads + _kvHeads)),
            "act_fn" => Elementwise(tokens, 2 * inter * _activeExperts),
            _ => throw new ArgumentException($"unknown operator {op}", nameof(op)),
        };
    }

    /// <summary>µs of the once-per-iteration operator <paramref name="op"/> (lm_head or sampler) over <paramref name="sequences"/>.</summary>
    public double PerSequenceUs(string op, int sequences) => op switch
    {
        "lm_head" => Gemm(sequences, _model.Hidden, (double)_model.Vocab / _tp),
        // The full vocabulary's logits (gathered from the group), read a few times: softmax, top-k/p, draw.
        "sampler" => sequences * (double)_model.Vocab * LogitBytes / (_bytesPerUs * _f.SamplerMemory) + _f.SamplerOverheadUs,
        _ => throw new ArgumentException($"unknown operator {op}", nameof(op)),
    };

    /// <summary>
    /// µs of one layer's attention kernel over prefill chunks of <paramref name="prefill"/> tokens on <paramref name="kvPrefill"/>
    /// cached tokens and <paramref name="decodes"/> decodes with <paramref name="kvDecodeMean"/> cached tokens each: the prefill part
    /// (causal: each new token attends to the cached tokens and the chunk's earlier ones) and the decode part (reading every
    /// cached key and value) cost their own rooflines, added, plus the kernel's overhead.
    /// </summary>
    public double AttentionUs(double prefill, double kvPrefill, double decodes, double kvDecodeMean)
    {
        double d = _model.HeadDim, kvBytesPerToken = 2 * _kvHeads * d * _bytes, qoBytesPerToken = 2 * _qHeads * d * _bytes;
        double us = _f.AttentionOverheadUs;
        if (prefill > 0)
        {
            double attended = prefill * (kvPrefill + (prefill + 1) / 2);
            double flops = 4 * _qHeads * d * attended;
            double bytes = (kvPrefill + prefill) * kvBytesPerToken + prefill * qoBytesPerToken;
            us += Roof(flops / (_flopsPerUs * _f.PrefillAttentionCompute), bytes / (_bytesPerUs * _f.PrefillAttentionMemory));
        }
        if (decodes > 0)
        {
            double context = decodes * (kvDecodeMean + 1);
            double flops = 4 * _qHeads * d * context;
            double bytes = context * kvBytesPerToken + decodes * qoBytesPerToken;
            // Decode attention is memory bound; its products run at the prefill's compute efficiency when they are not.
            // Beside a prefill chunk the decodes go through the same (prefill) kernel, which does not split long contexts
            // over many work items, so they read at the prefill's memory efficiency. Each sequence adds a fixed cost.
            double memory = prefill > 0 ? _f.PrefillAttentionMemory : _f.DecodeAttentionMemory;
            us += Roof(flops / (_flopsPerUs * _f.PrefillAttentionCompute), bytes / (_bytesPerUs * memory))
                + decodes * _f.DecodeAttentionPerSequenceUs;
        }
        return us;
    }

    /// <summary>µs of one layer's two all-reduces of the activations across the tensor-parallel group (ring: 2(tp−1)/tp of the data each); 0 at tp 1 or without a link figure.</summary>
    public double AllReduceUs(int tokens)
    {
        if (_tp == 1 || _linkBytesPerUs <= 0) return 0;
        double bytes = 2.0 * (_tp - 1) / _tp * tokens * _model.Hidden * _bytes;
        return 2 * bytes / _linkBytesPerUs;
    }
}
