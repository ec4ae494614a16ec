namespace DlSim.Llm;

/// <summary>What a profile point measures, as the roofline errors are reported.</summary>
public enum RooflineSampleKind { Gemm, Elementwise, PrefillAttention, DecodeAttention, MixedAttention, LmHead, Sampler }

/// <summary>One measured point of a profile: an operator (or the attention kernel) at one grid point.</summary>
/// <param name="Op">The operator's name, or "attention".</param>
/// <param name="Count">Tokens (dense), sequences (per-sequence); 0 for attention.</param>
/// <param name="Prefill">Attention: prefill chunk tokens.</param>
/// <param name="KvPrefill">Attention: their cached tokens.</param>
/// <param name="Decodes">Attention: decoding sequences.</param>
/// <param name="KvDecode">Attention: cached tokens of each decode.</param>
/// <param name="MeasuredUs">The profile's time.</param>
public readonly record struct RooflineSample(
    RooflineSampleKind Kind, string Op, int Count, double Prefill, double KvPrefill, double Decodes, double KvDecode, double MeasuredUs)
{
    public RooflineGroup Group => Kind switch
    {
        RooflineSampleKind.Gemm or RooflineSampleKind.LmHead => RooflineGroup.Gemm,
        RooflineSampleKind.Elementwise => RooflineGroup.Elementwise,
        RooflineSampleKind.Sampler => RooflineGroup.Sampler,
        _ => RooflineGroup.Attention,
    };

    /// <summary>The roofline model's µs for this point.</summary>
    public double PredictedUs(RooflineOperators ops) => Kind switch
    {
        RooflineSampleKind.Gemm or RooflineSampleKind.Elementwise => ops.DenseUs(Op, Count),
        RooflineSampleKind.LmHead or RooflineSampleKind.Sampler => ops.PerSequenceUs(Op, Count),
        _ => ops.AttentionUs(Prefill, KvPrefill, Decodes, KvDecode),
    };

    /// <summary>The iteration this attention point stands for: the chunk (one sequence) and the decodes, all of equal context.</summary>
    public IterationShape Iteration()
    {
        int prefill = (int)Prefill, decodes = (int)Decodes;
        return new IterationShape(prefill + decodes, (prefill > 0 ? 1 : 0) + decodes, prefill, (long)KvPrefill, decodes, KvDecode, KvDecode, KvDecode);
    }
}

/// <summary>A GPU's profile with what the roofline model needs to predict it.</summary>
/// <param name="Gpu">The GPU it was measured on.</param>
/// <param name="Model">The profiled model (its layers' shapes; the profile times one layer).</param>
/// <param name="TensorParallel">The profile's tensor-parallel degree.</param>
public sealed record ProfiledGpu(GpuSpec Gpu, LlmArchitecture Model, int TensorParallel, LlmProfile Profile)
{
    /// <summary>Every measured point, operators in a fixed order, then the attention grid in its sorted order.</summary>
    public IReadOnlyList<RooflineSample> Samples()
    {
        var samples = new List<RooflineSample>();
        foreach (var (op, _) in LlmProfile.LayerOps) AddOp(samples, op, Profile.Dense[op], op is "layernorm" or "rotary_emb" or "act_fn" ? RooflineSampleKind.Elementwise : RooflineSampleKind.Gemm);
        foreach (string op in LlmProfile.ModelOps) AddOp(samples, op, Profile.Dense[op], RooflineSampleKind.Elementwise);
        AddOp(samples, "lm_head", Profile.PerSequence["lm_head"], RooflineSampleKind.LmHead);
        AddOp(samples, "sampler", Profile.PerSequence["sampler"], RooflineSampleKind.Sampler);
        // Attention axes: prefill chunk, decodes, cached prefill tokens, cached tokens per decode.
        var grid = Profile.Attention;
        foreach (double pc in grid.Keys)
        {
            var byDecodes = grid.Child(pc)!;
            foreach (double n in byDecodes.Keys)
            {
                var byKp = byDecodes.Child(n)!;
                foreach (double kp in byKp.Keys)
                {
                    var byKd = byKp.Child(kp)!;
                    foreach (double kd in byKd.Keys)
                    {
                        if (pc == 0 && n == 0) continue;
                        double us = grid.At([pc, n, kp, kd]);
                        var kind = n == 0 ? RooflineSampleKind.PrefillAttention : pc == 0 ? RooflineSampleKind.DecodeAttention : RooflineSampleKind.MixedAttention;
                        if (us > 0) samples.Add(new RooflineSample(kind, "attention", 0, pc, kp, n, kd, us));
                    }
                }
            }
        }
        return samples;
    }

    private static void AddOp(List<RooflineSample> samples, string op, RaggedGrid grid, RooflineSampleKind kind)
    {
        foreach (double x in grid.Keys)
        {
            double us = grid.At([x]);
            if (us > 0) samples.Add(new RooflineSample(kind, op, (int)x, 0, 0, 0, 0, us));
        }
    }
}
