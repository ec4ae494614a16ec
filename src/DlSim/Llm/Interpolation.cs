namespace DlSim.Llm;

/// <summary>Piecewise-linear interpolation on a sorted axis; outside it, linear extrapolation from the two nearest
/// points (never below zero), so a batch a little past the profiled grid costs a little more, not the edge value.</summary>
public static class Interpolation
{
    /// <summary>Value at <paramref name="x"/> of the curve through (<paramref name="xs"/>, <paramref name="ys"/>); xs ascending, distinct.</summary>
    public static double Linear(ReadOnlySpan<double> xs, ReadOnlySpan<double> ys, double x)
    {
        int n = xs.Length;
        if (n == 1) return ys[0];
        int hi = LowerBound(xs, x);
        if (hi < n && xs[hi] == x) return ys[hi];
        if (hi == 0) hi = 1;
        else if (hi == n) hi = n - 1;
        int lo = hi - 1;
        double t = (x - xs[lo]) / (xs[hi] - xs[lo]);
        return Math.Max(0, ys[lo] + t * (ys[hi] - ys[lo]));
    }

    /// <summary>Index of the first element ≥ x (xs.Length when none).</summary>
    public static int LowerBound(ReadOnlySpan<double> xs, double x)
    {
        int lo = 0, hi = xs.Length;
        while (lo < hi)
        {
            int mid = (lo + hi) >>> 1;
            if (xs[mid] < x) lo = mid + 1; else hi = mid;
        }
        return lo;
    }
}
