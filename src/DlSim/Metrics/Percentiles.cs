namespace DlSim.Metrics;

/// <summary>Order statistics as numpy computes them by default ("linear" interpolation between order statistics).</summary>
public static class Percentiles
{
    /// <summary>The q-th percentile (0–100) of ascending-sorted values; NaN when empty.</summary>
    public static double OfSorted(ReadOnlySpan<double> sorted, double q)
    {
        if (sorted.Length == 0) return double.NaN;
        var (lo, t) = VirtualIndex(sorted.Length, q);
        return lo + 1 >= sorted.Length ? sorted[^1] : Lerp(sorted[(int)lo], sorted[(int)lo + 1], t);
    }

    /// <summary>The q-th percentile lies between order statistics <c>Lo</c> and <c>Lo + 1</c> (0-based), at fraction <c>T</c>.</summary>
    public static (long Lo, double T) VirtualIndex(long count, double q)
    {
        double h = (count - 1) * (q / 100.0);
        long lo = (long)Math.Floor(h);
        return (lo, h - lo);
    }

    /// <summary>numpy's lerp: from the nearer end, so the result is monotone in t.</summary>
    public static double Lerp(double a, double b, double t)
    {
        double diff = b - a;
        return t >= 0.5 ? b - diff * (1 - t) : a + diff * t;
    }
}
