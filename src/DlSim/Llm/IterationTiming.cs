namespace DlSim.Llm;

/// <summary>
/// Iteration time from per-layer profiles: the layer's token-parallel operators at the batch's token count and its
/// attention kernel at the batch's shape, times the layer count, plus the once-per-iteration operators
/// (embedding, final norm, lm_head, sampler). Every lookup interpolates linearly between grid points.
/// </summary>
public sealed class IterationTiming
{
    private readonly LlmProfile _profile;
    private readonly int _layers;
    private readonly RaggedGrid[] _layerOps;
    private readonly int[] _layerCounts;
    private readonly RaggedGrid[] _modelOps;
    private readonly RaggedGrid[] _sequenceOps;

    public IterationTiming(LlmProfile profile, int layers)
    {
        _profile = profile;
        _layers = layers;
        _layerOps = [.. LlmProfile.LayerOps.Select(o => profile.Dense[o.Op])];
        _layerCounts = [.. LlmProfile.LayerOps.Select(o => o.Count)];
        _modelOps = [.. LlmProfile.ModelOps.Select(o => profile.Dense[o])];
        _sequenceOps = [.. LlmProfile.SequenceOps.Select(o => profile.PerSequence[o])];
    }

    public int Layers => _layers;

    /// <summary>Seconds one iteration of <paramref name="shape"/> takes.</summary>
    public double Seconds(in IterationShape shape)
    {
        Span<double> one = stackalloc double[1];
        one[0] = shape.Tokens;
        double layer = 0;
        for (int i = 0; i < _layerOps.Length; i++) layer += _layerCounts[i] * _layerOps[i].At(one);
        layer += AttentionUs(shape);
        double once = 0;
        foreach (var op in _modelOps) once += op.At(one);
        one[0] = shape.Sequences;
        foreach (var op in _sequenceOps) once += op.At(one);
        return (layer * _layers + once) * 1e-6;
    }

    /// <summary>Attention µs of one layer, with the skew correction when the profile has one.</summary>
    public double AttentionUs(in IterationShape shape)
    {
        double mean = Attention(shape.PrefillTokens, shape.Decodes, shape.KvPrefill, shape.KvDecodeMean);
        var skew = _profile.Skew;
        if (skew is null || shape.Decodes <= 1 || shape.KvDecodeMax <= shape.KvDecodeMean) return mean;
        double gap = shape.KvDecodeMax - shape.KvDecodeMin;
        double rate = gap > 0 ? (shape.KvDecodeMean - shape.KvDecodeMin) / gap : 0.5;
        double alpha = skew.Alpha(shape.PrefillTokens, shape.Decodes, rate, shape.KvDecodeMax, shape.KvPrefill);
        if (alpha == 0) return mean;
        double max = Attention(shape.PrefillTokens, shape.Decodes, shape.KvPrefill, shape.KvDecodeMax);
        return max <= mean ? mean : mean + alpha * (max - mean);
    }

    private double Attention(double prefill, double decodes, double kvPrefill, double kvDecode)
    {
        Span<double> p = [prefill, decodes, kvPrefill, kvDecode];
        return _profile.Attention.At(p);
    }
}
