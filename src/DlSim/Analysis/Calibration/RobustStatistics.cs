namespace DlSim.Analysis.Calibration;

/// <summary>The estimators calibration uses: medians, trimmed means and scaled median absolute deviations.</summary>
public static class RobustStatistics
{
    /// <summary>1.4826 × MAD estimates the standard deviation of normally distributed values.</summary>
    public const double MadToSigma = 1.4826;

    /// <summary>Median (mean of the two middle values for an even count); NaN when empty. Does not reorder the input.</summary>
    public static double Median(IReadOnlyList<double> values)
    {
        if (values.Count == 0) return double.NaN;
        var sorted = values.ToArray();
        Array.Sort(sorted);
        int mid = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }

    public static double Mean(IReadOnlyList<double> values)
    {
        if (values.Count == 0) return double.NaN;
        double sum = 0;
        foreach (double v in values) sum += v;
        return sum / values.Count;
    }

    /// <summary>Sample standard deviation (n − 1); NaN for fewer than two values.</summary>
    public static double StandardDeviation(IReadOnlyList<double> values)
    {
        if (values.Count < 2) return double.NaN;
        double mean = Mean(values), sum = 0;
        foreach (double v in values) sum += (v - mean) * (v - mean);
        return Math.Sqrt(sum / (values.Count - 1));
    }

    /// <summary><see cref="MadToSigma"/> × median |value − center|; NaN when empty.</summary>
    public static double MadSigma(IReadOnlyList<double> values, double center)
    {
        var deviations = new double[values.Count];
        for (int i = 0; i < deviations.Length; i++) deviations[i] = Math.Abs(values[i] - center);
        return MadToSigma * Median(deviations);
    }
}
