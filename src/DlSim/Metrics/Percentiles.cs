namespace DlSim.Metrics;

/// <summary>Order statistics as numpy computes them by default ("linear" interpolation between order statistics).</summary>
public static class Percentiles
{
    /// <summary>The q-th percentile (0–100) of ascending-sorted values; NaN when empty.</summary>
    public static double OfSorted(ReadOnlySpan<double> sorted, double q)
    {
        if (sorted.Length == 0) return double.NaN;
        double h = (sorted.Length - 1) * (q / 100.0);
        int lo = (int)Math.Floor(h);
        if (lo >= sorted.Length - 1) return sorted[^1];
        double t = h - lo;
        double a = sorted[lo], b = sorted[lo + 1];
        double diff = b - a;
        // numpy's lerp: from the nearer end, so the result is monotone in t.
        return t >= 0.5 ? b - diff * (1 - t) : a + diff * t;
    }
}
