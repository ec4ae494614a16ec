using System.Globalization;
using DlSim.Foundation;

namespace DlSim.Llm;

/// <summary>A decoder-only model's shape, as a Hugging Face config gives it.</summary>
/// <param name="Name">The config's name (its file name without extension).</param>
/// <param name="Layers">Decoder layers (num_hidden_layers).</param>
/// <param name="Hidden">Hidden size.</param>
/// <param name="Heads">Attention (query) heads.</param>
/// <param name="KvHeads">Key/value heads (grouped-query attention; = Heads without it).</param>
/// <param name="HeadDim">Dimension of one head (head_dim, or Hidden / Heads).</param>
/// <param name="Intermediate">MLP intermediate size (per expert for a mixture of experts).</param>
/// <param name="Vocab">Vocabulary size.</param>
/// <param name="BytesPerValue">Bytes of one weight or cache value (2 for bfloat16/float16, 4 for float32).</param>
/// <param name="Experts">Experts per MLP (1 for a dense model).</param>
/// <param name="TiedEmbeddings">The output projection shares the embedding's weights.</param>
public sealed record LlmArchitecture(
    string Name, int Layers, int Hidden, int Heads, int KvHeads, int HeadDim, int Intermediate, int Vocab,
    int BytesPerValue, int Experts = 1, bool TiedEmbeddings = false)
{
    /// <summary>Parameters of one decoder layer: attention projections, a gated MLP per expert (plus a router), two norms.</summary>
    public long LayerParameters
    {
        get
        {
            long attention = (long)Hidden * HeadDim * (Heads + 2L * KvHeads) + (long)Heads * HeadDim * Hidden;
            long mlp = 3L * Hidden * Intermediate * Experts + (Experts > 1 ? (long)Hidden * Experts : 0);
            return attention + mlp + 2L * Hidden;
        }
    }

    /// <summary>All parameters: layers, embedding, final norm and output projection.</summary>
    public long Parameters => Layers * LayerParameters + (long)Vocab * Hidden * (TiedEmbeddings ? 1 : 2) + Hidden;

    /// <summary>Weight bytes of the whole model.</summary>
    public long WeightBytes => Parameters * BytesPerValue;

    /// <summary>KV cache bytes one token takes over all layers (keys and values).</summary>
    public long KvBytesPerToken => 2L * Layers * KvHeads * HeadDim * BytesPerValue;

    /// <summary>Weight bytes on each GPU of a tensor-parallel group of <paramref name="tp"/>.</summary>
    public long WeightBytesPerGpu(int tp) => (WeightBytes + tp - 1) / tp;

    /// <summary>KV bytes per token on each GPU of a tensor-parallel group (KV heads are split; a head is replicated when tp exceeds them).</summary>
    public long KvBytesPerTokenPerGpu(int tp) => 2L * Layers * Math.Max(1, KvHeads / tp) * HeadDim * BytesPerValue;

    /// <summary>KV bytes per token on each GPU of a tensor-parallel group holding <paramref name="layers"/> of the layers
    /// (a pipeline stage).</summary>
    public long KvBytesPerTokenPerGpu(int tp, int layers) => 2L * layers * Math.Max(1, KvHeads / tp) * HeadDim * BytesPerValue;

    /// <summary>Decoder layers of each of <paramref name="pp"/> pipeline stages, split as vLLM splits them: evenly,
    /// the remainder one each to the stages before the last (which also holds the output projection).</summary>
    public int[] StageLayers(int pp)
    {
        var layers = new int[pp];
        Array.Fill(layers, Layers / pp);
        for (int i = 2; i < Layers % pp + 2; i++) layers[pp - i]++;
        return layers;
    }

    /// <summary>Layers of the largest of <paramref name="pp"/> stages (<see cref="StageLayers"/> without building the split).</summary>
    public int MostStageLayers(int pp) => (Layers + pp - 1) / pp;

    /// <summary>Weight bytes on each GPU of stage <paramref name="stage"/> of <paramref name="pp"/>, each stage a
    /// tensor-parallel group of <paramref name="tp"/>: its layers, the embedding on the first stage, the final norm and
    /// output projection on the last (a tied projection is a second copy there when the stages differ).</summary>
    public long StageWeightBytesPerGpu(int tp, int pp, int stage)
    {
        long parameters = StageLayers(pp)[stage] * LayerParameters;
        bool first = stage == 0, last = stage == pp - 1;
        if (first) parameters += (long)Vocab * Hidden;
        if (last) parameters += Hidden + (TiedEmbeddings && first ? 0 : (long)Vocab * Hidden);
        return (parameters * BytesPerValue + tp - 1) / tp;
    }

    /// <summary>Null when the model's layers can be split into <paramref name="pp"/> pipeline stages, else why not.</summary>
    public string? PipelineProblem(int pp)
    {
        if (pp < 1) return $"expected a pipeline-parallel degree ≥ 1, found {pp}";
        if (pp > Layers) return $"expected a pipeline-parallel degree of at most the {Layers} layers of {Name}, found {pp}";
        return null;
    }

    /// <summary>Most KV cache bytes one token may take over all layers: 1 GiB, some 2,000 times a 405B model's. With it,
    /// weights within <see cref="Limits.MaxBytes"/> and memory within <see cref="Limits.MaxMemoryGb"/>, no product of
    /// sizes, block sizes and token counts overflows a long.</summary>
    public const long MaxKvBytesPerToken = 1L << 30;

    /// <summary>Null when the model's weights and KV bytes per token are within the limits, else what was expected (the
    /// figures computed in floating point, so a config of absurd sizes cannot wrap them to small or negative ones).</summary>
    public string? SizeProblem()
    {
        double layer = (double)Hidden * HeadDim * (Heads + 2.0 * KvHeads) + (double)Heads * HeadDim * Hidden
            + 3.0 * Hidden * Intermediate * Experts + (Experts > 1 ? (double)Hidden * Experts : 0) + 2.0 * Hidden;
        double weights = (Layers * layer + (double)Vocab * Hidden * (TiedEmbeddings ? 1 : 2) + Hidden) * BytesPerValue;
        double kv = 2.0 * Layers * KvHeads * HeadDim * BytesPerValue;
        if (weights > Limits.MaxBytes)
            return string.Create(CultureInfo.InvariantCulture, $"expected a model of at most {Limits.MaxBytes} bytes of weights (the limit), found {weights:0.###e0} bytes from its layers, sizes and dtype");
        if (kv > MaxKvBytesPerToken)
            return string.Create(CultureInfo.InvariantCulture, $"expected at most {MaxKvBytesPerToken} KV cache bytes per token (the limit), found {kv:0.###e0} from its layers, KV heads, head_dim and dtype");
        return null;
    }

    /// <summary>Null when <paramref name="tp"/> can split this model's heads evenly, else why not.</summary>
    public string? TensorParallelProblem(int tp)
    {
        if (tp < 1) return $"expected a tensor-parallel degree ≥ 1, found {tp}";
        if (Heads % tp != 0) return $"expected a tensor-parallel degree dividing the {Heads} attention heads of {Name}, found {tp}";
        if (KvHeads % tp != 0 && tp % KvHeads != 0)
            return $"expected a tensor-parallel degree dividing (or a multiple of) the {KvHeads} KV heads of {Name}, found {tp}";
        return null;
    }
}
