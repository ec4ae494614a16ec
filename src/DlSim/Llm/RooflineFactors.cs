using System.Globalization;

namespace DlSim.Llm;

/// <summary>The operator groups of the roofline model; each has its own efficiency factors.</summary>
public enum RooflineGroup
{
    /// <summary>Weight matrix products: QKV, attention output, gate/up, down projections and lm_head.</summary>
    Gemm,
    /// <summary>Memory-bound per-token operators: norms, rotary, activation, embedding.</summary>
    Elementwise,
    /// <summary>The attention kernel: prefill chunks over their cached tokens and decodes over their contexts.</summary>
    Attention,
    /// <summary>The sampler: once per sequence over its logits.</summary>
    Sampler,
}

/// <summary>One factor of the roofline model.</summary>
/// <param name="Name">Its JSON name (snake_case).</param>
/// <param name="Group">The operators it applies to.</param>
/// <param name="IsEfficiency">A fraction of a peak in (0, 1]; otherwise a fixed overhead in µs ≥ 0.</param>
/// <param name="Meaning">One line for tables and --help.</param>
public sealed record RooflineParameter(string Name, RooflineGroup Group, bool IsEfficiency, string Meaning);

/// <summary>
/// Efficiency factors of the roofline model: each operator costs max(flops / (peak · compute efficiency),
/// bytes / (bandwidth · memory efficiency)) + a fixed overhead per kernel. Efficiencies lie in (0, 1] (no kernel beats
/// the data sheet), overheads are ≥ 0 µs.
/// </summary>
public sealed class RooflineFactors : IEquatable<RooflineFactors>
{
    public static readonly IReadOnlyList<RooflineParameter> Parameters =
    [
        new("gemm_compute", RooflineGroup.Gemm, true, "fraction of peak FLOPS a weight product reaches"),
        new("gemm_memory", RooflineGroup.Gemm, true, "fraction of bandwidth a weight product streams its weights at"),
        new("gemm_overhead_us", RooflineGroup.Gemm, false, "fixed µs per weight-product kernel"),
        new("elementwise_memory", RooflineGroup.Elementwise, true, "fraction of bandwidth of norms, rotary, activation, embedding"),
        new("elementwise_overhead_us", RooflineGroup.Elementwise, false, "fixed µs per elementwise kernel"),
        new("prefill_attention_compute", RooflineGroup.Attention, true, "fraction of peak FLOPS of attention over prompt chunks"),
        new("prefill_attention_memory", RooflineGroup.Attention, true, "fraction of bandwidth of attention over prompt chunks"),
        new("decode_attention_memory", RooflineGroup.Attention, true, "fraction of bandwidth of decode attention reading cached keys and values"),
        new("decode_attention_per_sequence_us", RooflineGroup.Attention, false, "fixed µs per decoding sequence in the attention kernel"),
        new("attention_overhead_us", RooflineGroup.Attention, false, "fixed µs per attention kernel"),
        new("sampler_memory", RooflineGroup.Sampler, true, "fraction of bandwidth of the sampler over fp32 logits"),
        new("sampler_overhead_us", RooflineGroup.Sampler, false, "fixed µs of the sampler"),
    ];

    /// <summary>Largest overhead accepted (µs): a kernel's fixed cost, not an iteration's.</summary>
    public const double MaxOverheadUs = 10_000;

    private readonly double[] _values;

    /// <summary>Factors in the order of <see cref="Parameters"/>.</summary>
    /// <exception cref="ArgumentException">A count or a value out of range (see <see cref="Problem"/>).</exception>
    public RooflineFactors(IReadOnlyList<double> values)
    {
        if (Problem(values) is string problem) throw new ArgumentException(problem, nameof(values));
        _values = [.. values];
    }

    /// <summary>Null when <paramref name="values"/> are valid factors, else what is wrong.</summary>
    public static string? Problem(IReadOnlyList<double> values)
    {
        if (values.Count != Parameters.Count) return $"expected {Parameters.Count} factors, found {values.Count}";
        for (int i = 0; i < values.Count; i++)
            if (ValueProblem(Parameters[i], values[i]) is string p) return $"{Parameters[i].Name}: {p}";
        return null;
    }

    /// <summary>Null when <paramref name="v"/> suits <paramref name="p"/>, else "expected …, found …".</summary>
    public static string? ValueProblem(RooflineParameter p, double v)
    {
        string found = v.ToString(CultureInfo.InvariantCulture);
        if (p.IsEfficiency) return v > 0 && v <= 1 ? null : $"expected an efficiency in (0, 1], found {found}";
        return v >= 0 && v <= MaxOverheadUs ? null : $"expected an overhead in µs in [0, {MaxOverheadUs}], found {found}";
    }

    public IReadOnlyList<double> Values => _values;
    public double this[int index] => _values[index];

    public double GemmCompute => _values[0];
    public double GemmMemory => _values[1];
    public double GemmOverheadUs => _values[2];
    public double ElementwiseMemory => _values[3];
    public double ElementwiseOverheadUs => _values[4];
    public double PrefillAttentionCompute => _values[5];
    public double PrefillAttentionMemory => _values[6];
    public double DecodeAttentionMemory => _values[7];
    public double DecodeAttentionPerSequenceUs => _values[8];
    public double AttentionOverheadUs => _values[9];
    public double SamplerMemory => _values[10];
    public double SamplerOverheadUs => _values[11];

    /// <summary>
    /// Fitted by <c>dlsim llm roofline fit</c> on the RTX4090 and RTXPRO6000 profiles of Llama-3.1-8B (both GPUs
    /// weighted alike); see docs/llm-roofline.md for the fit and its errors.
    /// </summary>
    public static RooflineFactors Default { get; } = new([0.6097, 0.8707, 7.108, 1, 2.058, 0.3846, 0.3782, 0.8006, 0, 10.27, 0.829, 22.5]);

    public bool Equals(RooflineFactors? other) => other is not null && _values.AsSpan().SequenceEqual(other._values);
    public override bool Equals(object? obj) => Equals(obj as RooflineFactors);
    public override int GetHashCode()
    {
        var h = new HashCode();
        foreach (double v in _values) h.Add(v);
        return h.ToHashCode();
    }
}
