namespace DlSim.Metrics;

/// <summary>
/// A quantile sketch with a relative error bound: values fall into logarithmic buckets
/// [γ^(i−1), γ^i) with γ = (1 + α) / (1 − α), and a bucket reports 2γ^i / (γ + 1), which is within
/// a factor (1 ± α) of every value in it. So every order statistic, and any interpolation between two,
/// is within relative error α of the exact one. Values from 1 ns to 10⁷ s; smaller ones count as 1 ns.
/// Memory is fixed (about 140 kB at α = 0.1 %), whatever the number of values.
/// </summary>
public sealed class LogHistogram
{
    /// <summary>The relative error bound α of every reported quantile.</summary>
    public const double RelativeError = 1e-3;

    private const double MinValue = 1e-9;
    private const double MaxValue = 1e7;
    private static readonly double Gamma = (1 + RelativeError) / (1 - RelativeError);
    private static readonly double LogGamma = Math.Log(Gamma);
    private static readonly int Offset = (int)Math.Floor(Math.Log(MinValue) / LogGamma);
    private static readonly int BucketCount = (int)Math.Ceiling(Math.Log(MaxValue) / LogGamma) - Offset + 2;

    private readonly long[] _counts = new long[BucketCount];

    public long Count { get; private set; }

    public void Add(double value)
    {
        _counts[BucketOf(value)]++;
        Count++;
    }

    public void AddAll(LogHistogram other)
    {
        for (int i = 0; i < _counts.Length; i++) _counts[i] += other._counts[i];
        Count += other.Count;
    }

    /// <summary>The q-th percentile (0–100), interpolated like numpy's default between the two nearest order statistics.</summary>
    public double Percentile(double q)
    {
        if (Count == 0) return double.NaN;
        var (lo, t) = Percentiles.VirtualIndex(Count, q);
        double a = ValueAtRank(lo);
        return lo + 1 >= Count ? a : Percentiles.Lerp(a, ValueAtRank(lo + 1), t);
    }

    /// <summary>Estimate of the order statistic of 0-based rank <paramref name="rank"/>.</summary>
    private double ValueAtRank(long rank)
    {
        long seen = 0;
        for (int i = 0; i < _counts.Length; i++)
        {
            seen += _counts[i];
            if (seen > rank) return 2 * Math.Pow(Gamma, i + Offset) / (Gamma + 1);
        }
        return MaxValue;
    }

    private static int BucketOf(double value)
    {
        double v = Math.Clamp(value, MinValue, MaxValue);
        return (int)Math.Ceiling(Math.Log(v) / LogGamma) - Offset;
    }
}
