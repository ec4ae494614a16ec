namespace DlSim.Llm;

/// <summary>Relative errors (predicted / measured − 1) of one kind of point.</summary>
/// <param name="Name">What was compared (an operator group or an iteration kind).</param>
/// <param name="Points">How many points.</param>
/// <param name="MeanAbs">Mean absolute relative error.</param>
/// <param name="Mean">Mean signed relative error (positive: the model is slower than measured).</param>
/// <param name="P90Abs">90th percentile of the absolute relative error.</param>
/// <param name="MaxAbs">Largest absolute relative error.</param>
public sealed record RooflineErrorRow(string Name, int Points, double MeanAbs, double Mean, double P90Abs, double MaxAbs)
{
    public static RooflineErrorRow Of(string name, IReadOnlyList<double> errors)
    {
        if (errors.Count == 0) return new(name, 0, double.NaN, double.NaN, double.NaN, double.NaN);
        var abs = errors.Select(Math.Abs).Order().ToArray();
        int p90 = Math.Min(abs.Length - 1, (int)Math.Ceiling(0.9 * abs.Length) - 1);
        return new(name, errors.Count, abs.Average(), errors.Average(), abs[p90], abs[^1]);
    }
}

/// <summary>How far the roofline model is from a GPU's profile: per operator group and per whole iteration.</summary>
public static class RooflineErrors
{
    /// <summary>Rows by operator group: each profile point against the model's figure for that operator.</summary>
    public static IReadOnlyList<RooflineErrorRow> ByOperatorGroup(ProfiledGpu profiled, RooflineFactors factors)
    {
        var ops = new RooflineOperators(profiled.Model, profiled.TensorParallel, profiled.Gpu, factors);
        var samples = profiled.Samples();
        return [.. Enum.GetValues<RooflineSampleKind>().Select(kind =>
            RooflineErrorRow.Of(Name(kind), [.. samples.Where(s => s.Kind == kind).Select(s => s.PredictedUs(ops) / s.MeasuredUs - 1)]))];
    }

    /// <summary>
    /// Rows by iteration kind (prefill only, decode only, mixed): at every attention grid point, the whole iteration
    /// (all layers, embedding, lm_head, sampler) timed by the roofline model against the same iteration timed by the profile.
    /// </summary>
    public static IReadOnlyList<RooflineErrorRow> ByIterationKind(ProfiledGpu profiled, RooflineFactors factors)
    {
        var measured = new IterationTiming(profiled.Profile, profiled.Model.Layers);
        var roofline = new RooflineTiming(new RooflineOperators(profiled.Model, profiled.TensorParallel, profiled.Gpu, factors));
        var errors = new Dictionary<RooflineSampleKind, List<double>>
        {
            [RooflineSampleKind.PrefillAttention] = [], [RooflineSampleKind.DecodeAttention] = [], [RooflineSampleKind.MixedAttention] = [],
        };
        foreach (var s in profiled.Samples())
        {
            if (!errors.TryGetValue(s.Kind, out var list)) continue;
            var shape = s.Iteration();
            list.Add(roofline.Seconds(shape) / measured.Seconds(shape) - 1);
        }
        return [.. errors.Select(kv => RooflineErrorRow.Of(kv.Key switch
        {
            RooflineSampleKind.PrefillAttention => "prefill iteration",
            RooflineSampleKind.DecodeAttention => "decode iteration",
            _ => "mixed iteration",
        }, kv.Value))];
    }

    public static string Name(RooflineSampleKind kind) => kind switch
    {
        RooflineSampleKind.Gemm => "dense GEMMs",
        RooflineSampleKind.Elementwise => "elementwise",
        RooflineSampleKind.PrefillAttention => "attention prefill",
        RooflineSampleKind.DecodeAttention => "attention decode",
        RooflineSampleKind.MixedAttention => "attention mixed",
        RooflineSampleKind.LmHead => "lm_head",
        _ => "sampler",
    };
}
