namespace DlSim.Analysis;

/// <summary>
/// How far two latency distributions are apart, whatever happens to each request: the Wasserstein-1 distance (the area
/// between the two empirical CDFs, seconds: how far, on average, latency mass must move to turn one into the other) and the
/// largest gap between the CDFs (the Kolmogorov–Smirnov statistic, a fraction in [0, 1]). NaN when either side is empty.
/// </summary>
/// <param name="Model">Workload model id, or null for all requests together.</param>
public sealed record DistributionDistance(int? Model, long Requests, double Wasserstein1S, double MaxCdfGap)
{
    /// <summary>Distances between the empirical distributions of <paramref name="a"/> and <paramref name="b"/> (any sizes; inputs not reordered).</summary>
    public static DistributionDistance Of(int? model, IReadOnlyList<double> a, IReadOnlyList<double> b)
    {
        if (a.Count == 0 || b.Count == 0) return new DistributionDistance(model, Math.Min(a.Count, b.Count), double.NaN, double.NaN);
        var x = a.ToArray();
        var y = b.ToArray();
        Array.Sort(x);
        Array.Sort(y);
        // Walk both sorted samples together: between consecutive values both CDFs are constant, so the area is a sum of rectangles.
        double area = 0, gap = 0, previous = Math.Min(x[0], y[0]);
        int i = 0, j = 0;
        while (i < x.Length || j < y.Length)
        {
            double next = j >= y.Length || (i < x.Length && x[i] <= y[j]) ? x[i] : y[j];
            double difference = Math.Abs((double)i / x.Length - (double)j / y.Length);
            area += difference * (next - previous);
            while (i < x.Length && x[i] == next) i++;
            while (j < y.Length && y[j] == next) j++;
            gap = Math.Max(gap, Math.Abs((double)i / x.Length - (double)j / y.Length));
            previous = next;
        }
        return new DistributionDistance(model, Math.Max(x.Length, y.Length), area, gap);
    }
}
