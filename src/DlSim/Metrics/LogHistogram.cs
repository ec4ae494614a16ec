namespace DlSim.Metrics;

/// <summary>
/// A quantile sketch with a relative error bound and no logarithms: a positive double's bucket is its
/// binary exponent and the top <see cref="MantissaBits"/> bits of its mantissa, so buckets are
/// [m, m·(1 + 2⁻⁹)) and a bucket's midpoint is within 2⁻¹⁰ ≈ 0.098 % of every value in it. Every order
/// statistic, and any interpolation between two, is therefore within <see cref="RelativeError"/>.
/// Values from 2⁻³⁰ s (about 1 ns) to 2²⁴ s; outside values are clamped. Fixed memory (about 220 kB).
/// </summary>
public sealed class LogHistogram
{
    private const int MantissaBits = 9;
    private const int MinExponent = -30;
    private const int MaxExponent = 23;
    private const int BucketsPerOctave = 1 << MantissaBits;

    /// <summary>The relative error bound of every reported quantile: half a bucket's width.</summary>
    public const double RelativeError = 1.0 / (2 * BucketsPerOctave);

    private static readonly double MinValue = Math.ScaleB(1, MinExponent);
    private static readonly double MaxValue = Math.ScaleB(1, MaxExponent + 1) * (1 - 1e-15);

    private readonly long[] _counts = new long[(MaxExponent - MinExponent + 1) * BucketsPerOctave];

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

    /// <summary>Estimate (bucket midpoint) of the order statistic of 0-based rank <paramref name="rank"/>.</summary>
    private double ValueAtRank(long rank)
    {
        long seen = 0;
        for (int i = 0; i < _counts.Length; i++)
        {
            seen += _counts[i];
            if (seen > rank)
            {
                int exponent = i / BucketsPerOctave + MinExponent;
                double low = Math.ScaleB(1 + (double)(i % BucketsPerOctave) / BucketsPerOctave, exponent);
                return low * (1 + 0.5 / BucketsPerOctave);
            }
        }
        return MaxValue;
    }

    private static int BucketOf(double value)
    {
        double v = value < MinValue ? MinValue : value > MaxValue ? MaxValue : value;
        long bits = BitConverter.DoubleToInt64Bits(v);
        int exponent = (int)((bits >> 52) & 0x7FF) - 1023;
        int mantissaTop = (int)((bits >> (52 - MantissaBits)) & (BucketsPerOctave - 1));
        return (exponent - MinExponent) * BucketsPerOctave + mantissaTop;
    }
}
