namespace DlSim.Workloads;

/// <summary>
/// xoshiro256** seeded through SplitMix64: the same seed gives the same stream on every machine and
/// .NET version (System.Random promises neither). Not thread-safe; one per generator.
/// </summary>
public sealed class DeterministicRng
{
    private ulong _s0, _s1, _s2, _s3;

    public DeterministicRng(ulong seed)
    {
        ulong x = seed;
        _s0 = SplitMix(ref x); _s1 = SplitMix(ref x); _s2 = SplitMix(ref x); _s3 = SplitMix(ref x);
    }

    public ulong NextUInt64()
    {
        ulong result = RotateLeft(_s1 * 5, 7) * 9;
        ulong t = _s1 << 17;
        _s2 ^= _s0; _s3 ^= _s1; _s1 ^= _s2; _s0 ^= _s3;
        _s2 ^= t;
        _s3 = RotateLeft(_s3, 45);
        return result;
    }

    /// <summary>Uniform in [0, 1) with 53 random bits.</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Exponential with the given rate (mean 1/rate).</summary>
    public double NextExponential(double rate) => -Math.Log(1.0 - NextDouble()) / rate;

    /// <summary>Standard normal (mean 0, variance 1) by Box–Muller; uses two uniforms and keeps no spare,
    /// so every call consumes the same number of draws.</summary>
    public double NextStandardNormal()
    {
        double radius = Math.Sqrt(-2.0 * Math.Log(1.0 - NextDouble()));
        return radius * Math.Cos(2.0 * Math.PI * NextDouble());
    }

    /// <summary>Gamma with the given shape (&gt; 0) and scale 1 (mean = shape), by Marsaglia and Tsang (2000).
    /// Shape &lt; 1 uses Gamma(shape + 1) · U^(1/shape). May return 0 for very small shapes (underflow).</summary>
    public double NextGamma(double shape)
    {
        if (shape < 1) return NextGamma(shape + 1) * Math.Exp(Math.Log(1.0 - NextDouble()) / shape);
        double d = shape - 1.0 / 3.0, c = 1.0 / Math.Sqrt(9.0 * d);
        while (true)
        {
            double x = NextStandardNormal();
            double v = 1.0 + c * x;
            if (v <= 0) continue;
            v = v * v * v;
            double u = 1.0 - NextDouble();
            double x2 = x * x;
            if (u < 1.0 - 0.0331 * x2 * x2) return d * v;
            if (Math.Log(u) < 0.5 * x2 + d * (1.0 - v + Math.Log(v))) return d * v;
        }
    }

    /// <summary>Weibull with shape k (&gt; 0) and the given scale, by inverse transform: scale · (−ln U)^(1/k).</summary>
    public double NextWeibull(double shape, double scale) => scale * Math.Pow(-Math.Log(1.0 - NextDouble()), 1.0 / shape);

    private static ulong SplitMix(ref ulong x)
    {
        ulong z = x += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    private static ulong RotateLeft(ulong x, int k) => (x << k) | (x >> (64 - k));
}
