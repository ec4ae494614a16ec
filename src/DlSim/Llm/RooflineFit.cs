namespace DlSim.Llm;

/// <summary>
/// Fits the roofline model's factors to measured profiles: for each operator group on its own, the factors that
/// minimise the mean squared relative error over that group's profile points, every GPU weighted alike (the mean over
/// GPUs of each GPU's mean). Deterministic: the same profiles give the same factors.
/// </summary>
public static class RooflineFit
{
    /// <summary>Where the search starts and the box it stays in: efficiencies in [0.01, 1], overheads in [0, 100] µs.</summary>
    private const double Start = 0.5, StartOverheadUs = 5, LowestEfficiency = 0.01, HighestOverheadUs = 100;

    public static RooflineFactors Fit(IReadOnlyList<ProfiledGpu> profiles)
    {
        if (profiles.Count == 0) throw new ArgumentException("no profiles", nameof(profiles));
        var samples = profiles.Select(p => p.Samples()).ToArray();
        var parameters = RooflineFactors.Parameters;
        var values = parameters.Select(p => p.IsEfficiency ? Start : StartOverheadUs).ToArray();
        foreach (var group in Enum.GetValues<RooflineGroup>())
        {
            int[] indices = [.. Enumerable.Range(0, parameters.Count).Where(i => parameters[i].Group == group)];
            var bySource = samples.Select(s => s.Where(x => x.Group == group).ToArray()).ToArray();
            double Objective(double[] x)
            {
                var trial = (double[])values.Clone();
                for (int k = 0; k < indices.Length; k++) trial[indices[k]] = x[k];
                var factors = new RooflineFactors(trial);
                double total = 0;
                int sources = 0;
                for (int g = 0; g < profiles.Count; g++)
                {
                    if (bySource[g].Length == 0) continue;
                    var ops = new RooflineOperators(profiles[g].Model, profiles[g].TensorParallel, profiles[g].Gpu, factors);
                    total += MeanSquaredError(bySource[g], ops);
                    sources++;
                }
                return sources == 0 ? 0 : total / sources;
            }
            double[] start = [.. indices.Select(i => values[i])];
            double[] lower = [.. indices.Select(i => parameters[i].IsEfficiency ? LowestEfficiency : 0)];
            double[] upper = [.. indices.Select(i => parameters[i].IsEfficiency ? 1 : HighestOverheadUs)];
            var best = BoxNelderMead.Minimise(Objective, start, lower, upper);
            for (int k = 0; k < indices.Length; k++) values[indices[k]] = RoundTo(best[k], 4);
        }
        return new RooflineFactors(values);
    }

    /// <summary>
    /// Mean squared relative error, every kind of point (prefill, decode, mixed attention; a GEMM and lm_head) weighted
    /// alike whatever its count: the attention grid holds a hundred mixed batches for each pure one.
    /// </summary>
    private static double MeanSquaredError(RooflineSample[] samples, RooflineOperators ops)
    {
        Span<double> sums = stackalloc double[Enum.GetValues<RooflineSampleKind>().Length];
        Span<int> counts = stackalloc int[sums.Length];
        foreach (var s in samples)
        {
            double e = s.PredictedUs(ops) / s.MeasuredUs - 1;
            sums[(int)s.Kind] += e * e;
            counts[(int)s.Kind]++;
        }
        double total = 0;
        int kinds = 0;
        for (int k = 0; k < sums.Length; k++)
            if (counts[k] > 0) { total += sums[k] / counts[k]; kinds++; }
        return total / kinds;
    }

    /// <summary>Four significant digits: the factors are written to files and docs; more digits would be noise.</summary>
    private static double RoundTo(double v, int digits)
    {
        if (v == 0) return 0;
        double scale = Math.Pow(10, digits - 1 - (int)Math.Floor(Math.Log10(Math.Abs(v))));
        return Math.Round(v * scale) / scale;
    }
}
