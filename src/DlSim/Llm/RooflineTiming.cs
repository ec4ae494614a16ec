namespace DlSim.Llm;

/// <summary>
/// Iteration time from the roofline model (<see cref="RooflineOperators"/>), built like the profile timing: the
/// layer's token-parallel operators and all-reduces at the batch's token count plus its attention at the batch's
/// shape, times the layer count, plus embedding and final norm (by tokens) and lm_head and sampler (by sequences).
/// The count-dependent parts are computed once per count and remembered.
/// </summary>
public sealed class RooflineTiming
{
    private readonly RooflineOperators _ops;
    private readonly TokenMemo _layerDense, _modelDense, _perSequence, _embedding, _finalNorm;

    public RooflineTiming(RooflineOperators operators)
    {
        _ops = operators;
        _layerDense = new TokenMemo(tokens =>
        {
            double sum = _ops.AllReduceUs(tokens);
            foreach (var (op, count) in LlmProfile.LayerOps) sum += count * _ops.DenseUs(op, tokens);
            return sum;
        });
        _modelDense = new TokenMemo(tokens =>
        {
            double sum = 0;
            foreach (string op in LlmProfile.ModelOps) sum += _ops.DenseUs(op, tokens);
            return sum;
        });
        _embedding = new TokenMemo(tokens => _ops.DenseUs(LlmProfile.ModelOps[0], tokens));
        _finalNorm = new TokenMemo(tokens => _ops.DenseUs(LlmProfile.ModelOps[1], tokens));
        _perSequence = new TokenMemo(sequences =>
        {
            double sum = 0;
            foreach (string op in LlmProfile.SequenceOps) sum += _ops.PerSequenceUs(op, sequences);
            return sum;
        });
    }

    public RooflineOperators Operators => _ops;
    public int Layers => _ops.Model.Layers;

    /// <summary>Seconds one iteration of <paramref name="shape"/> takes; > 0.</summary>
    public double Seconds(in IterationShape shape)
    {
        double layer = _layerDense[shape.Tokens] + AttentionUs(shape);
        double once = _modelDense[shape.Tokens] + _perSequence[shape.Sequences];
        return (layer * _ops.Model.Layers + once) * 1e-6;
    }

    /// <summary>Seconds one pipeline stage of <paramref name="layers"/> layers takes (see <see cref="IterationTiming.StageSeconds"/>).</summary>
    public double StageSeconds(in IterationShape shape, int layers, bool first, bool last)
    {
        double us = (_layerDense[shape.Tokens] + AttentionUs(shape)) * layers;
        if (first) us += _embedding[shape.Tokens];
        if (last) us += _finalNorm[shape.Tokens] + _perSequence[shape.Sequences];
        return us * 1e-6;
    }

    /// <summary>Attention µs of one layer (the decodes at their mean context: the model reads every cached token once, so skew adds nothing).</summary>
    public double AttentionUs(in IterationShape shape) =>
        _ops.AttentionUs(shape.PrefillTokens, shape.KvPrefill, shape.Decodes, shape.KvDecodeMean);
}
