namespace DlSim.Llm;

/// <summary>
/// Iteration time from per-layer profiles: the layer's token-parallel operators at the batch's token count and its
/// attention kernel at the batch's shape, times the layer count, plus the once-per-iteration operators
/// (embedding, final norm, lm_head, sampler). Every lookup interpolates linearly between grid points.
/// For a GPU without profiles, <see cref="FromRoofline"/> times iterations by the roofline model instead.
/// </summary>
public sealed class IterationTiming
{
    private readonly LlmProfile _profile;
    private readonly int _layers;
    private readonly RaggedGrid[] _layerOps;
    private readonly int[] _layerCounts;
    private readonly RaggedGrid[] _modelOps;
    private readonly RaggedGrid[] _sequenceOps;
    private readonly TokenMemo _layerDense, _modelDense, _embedding, _finalNorm;
    private readonly TokenMemo[] _perSequence;
    private readonly RooflineTiming? _roofline;

    private IterationTiming(RooflineTiming roofline)
    {
        _roofline = roofline;
        _profile = null!;
        _layers = roofline.Layers;
        _layerOps = _modelOps = _sequenceOps = [];
        _layerCounts = [];
        _layerDense = _modelDense = _embedding = _finalNorm = new TokenMemo(_ => 0);
        _perSequence = [];
    }

    /// <summary>Iteration times from the roofline model rather than measured profiles.</summary>
    public static IterationTiming FromRoofline(RooflineTiming roofline) => new(roofline);

    /// <summary>The roofline model timing this, or null when profiles do.</summary>
    public RooflineTiming? Roofline => _roofline;

    public IterationTiming(LlmProfile profile, int layers)
    {
        _profile = profile;
        _layers = layers;
        _layerOps = [.. LlmProfile.LayerOps.Select(o => profile.Dense[o.Op])];
        _layerCounts = [.. LlmProfile.LayerOps.Select(o => o.Count)];
        _modelOps = [.. LlmProfile.ModelOps.Select(o => profile.Dense[o])];
        _sequenceOps = [.. LlmProfile.SequenceOps.Select(o => profile.PerSequence[o])];
        _layerDense = new TokenMemo(tokens =>
        {
            double sum = 0;
            for (int i = 0; i < _layerOps.Length; i++) sum += _layerCounts[i] * At(_layerOps[i], tokens);
            return sum;
        });
        _modelDense = new TokenMemo(tokens =>
        {
            double sum = 0;
            foreach (var op in _modelOps) sum += At(op, tokens);
            return sum;
        });
        _perSequence = [.. _sequenceOps.Select(op => new TokenMemo(sequences => At(op, sequences)))];
        _embedding = new TokenMemo(tokens => At(_modelOps[0], tokens));
        _finalNorm = new TokenMemo(tokens => At(_modelOps[1], tokens));
    }

    public int Layers => _layers;

    /// <summary>Seconds one iteration of <paramref name="shape"/> takes.</summary>
    public double Seconds(in IterationShape shape)
    {
        // A branch, not a virtual call: this runs once per simulated iteration.
        if (_roofline is not null) return _roofline.Seconds(shape);
        // The token-parallel and per-sequence operators depend on one count each: looked up once per count, then
        // remembered (summed in the same order as before, so the result is the same to the last bit).
        double layer = _layerDense[shape.Tokens] + AttentionUs(shape);
        double once = _modelDense[shape.Tokens];
        foreach (var op in _perSequence) once += op[shape.Sequences];
        return (layer * _layers + once) * 1e-6;
    }

    /// <summary>Seconds one pipeline stage of <paramref name="layers"/> layers takes for <paramref name="shape"/>: the
    /// first stage also runs the embedding, the last the final norm and the once-per-sequence operators.</summary>
    public double StageSeconds(in IterationShape shape, int layers, bool first, bool last)
    {
        if (_roofline is not null) return _roofline.StageSeconds(shape, layers, first, last);
        double us = (_layerDense[shape.Tokens] + AttentionUs(shape)) * layers;
        if (first) us += _embedding[shape.Tokens];
        if (last)
        {
            us += _finalNorm[shape.Tokens];
            foreach (var op in _perSequence) us += op[shape.Sequences];
        }
        return us * 1e-6;
    }

    private static double At(RaggedGrid grid, int x)
    {
        Span<double> point = [x];
        return grid.At(point);
    }

    /// <summary>Attention µs of one layer, with the skew correction when the profile has one.</summary>
    public double AttentionUs(in IterationShape shape)
    {
        if (_roofline is not null) return _roofline.AttentionUs(shape);
        double mean = Attention(shape.PrefillTokens, shape.Decodes, shape.KvPrefill, shape.KvDecodeMean);
        var skew = _profile.Skew;
        if (skew is null || shape.Decodes <= 1 || shape.KvDecodeMax <= shape.KvDecodeMean) return mean;
        double gap = shape.KvDecodeMax - shape.KvDecodeMin;
        double rate = gap > 0 ? (shape.KvDecodeMean - shape.KvDecodeMin) / gap : 0.5;
        double alpha = skew.Alpha(shape.PrefillTokens, shape.Decodes, rate, shape.KvDecodeMax, shape.KvPrefill);
        if (alpha == 0) return mean;
        double max = Attention(shape.PrefillTokens, shape.Decodes, shape.KvPrefill, shape.KvDecodeMax);
        // A fitted α can be negative (a bucket whose uneven batches ran faster than their mean predicts): never below zero.
        return max <= mean ? mean : Math.Max(0, mean + alpha * (max - mean));
    }

    private double Attention(double prefill, double decodes, double kvPrefill, double kvDecode)
    {
        Span<double> p = [prefill, decodes, kvPrefill, kvDecode];
        return _profile.Attention.At(p);
    }
}
