namespace DlSim.Metrics;

/// <summary>
/// How many latencies may be kept exactly, across all distributions of one run. Beyond it every
/// distribution switches to a <see cref="LogHistogram"/> (relative error 0.1 %), so memory stays flat.
/// </summary>
public sealed class ExactValueBudget(long values)
{
    /// <summary>Default: 32 M values (256 MB).</summary>
    public const long DefaultValues = 32L << 20;

    public long Remaining { get; private set; } = values;

    public bool TryTake(long n)
    {
        if (Remaining < n) { Remaining = 0; return false; }
        Remaining -= n;
        return true;
    }
}

/// <summary>
/// Latencies of one group of requests: count, mean, max and SLO attainment exactly; percentiles
/// exactly while the budget lasts, then from a sketch with a stated relative error.
/// The kept values live in arrays rented from the shared pool: <see cref="Release"/> hands them back
/// once the figures are out, so runs after this one (sweep cases, search candidates) reuse warm memory
/// instead of faulting in fresh pages for every run.
/// </summary>
public sealed class LatencyDistribution
{
    private const int FirstBlock = 1024;

    private readonly ExactValueBudget _budget;
    private static readonly System.Buffers.ArrayPool<double> Pool = System.Buffers.ArrayPool<double>.Shared;

    private double[]? _exact;
    private bool _released;
    private LogHistogram? _sketch;
    private long _count, _withinSlo;
    private double _sum, _max = double.NegativeInfinity;

    public LatencyDistribution(ExactValueBudget budget)
    {
        _budget = budget;
        if (budget.TryTake(FirstBlock)) _exact = Pool.Rent(FirstBlock);
        else _sketch = new LogHistogram();
    }

    /// <summary>The sketch, when the values are no longer kept; refuses a released distribution.</summary>
    private LogHistogram Sketch => _sketch ?? throw new ObjectDisposedException(nameof(LatencyDistribution), "latencies used after Release");

    private void ThrowIfReleased() => ObjectDisposedException.ThrowIf(_released, this);

    /// <summary>Returns the kept values to the pool; the distribution may not be used afterwards.</summary>
    public void Release()
    {
        if (_exact is not null) Pool.Return(_exact);
        _exact = null;
        _released = true;
    }

    public long Count => _count;
    /// <summary>Sum of every latency added, seconds.</summary>
    public double Sum => _sum;
    /// <summary>True while every value is kept, so percentiles are exact.</summary>
    public bool IsExact => _sketch is null;

    public void Add(double latencyS, bool withinSlo)
    {
        if (_exact is not null)
        {
            if (_count == _exact.Length) Grow();
            if (_exact is not null) _exact[_count] = latencyS;
            else _sketch!.Add(latencyS);
        }
        else Sketch.Add(latencyS);
        _count++;
        _sum += latencyS;
        if (latencyS > _max) _max = latencyS;
        if (withinSlo) _withinSlo++;
    }

    private void Grow()
    {
        var kept = _exact!;
        if (_count <= Array.MaxLength / 2 && _budget.TryTake(_count))
        {
            var bigger = Pool.Rent((int)(2 * _count));
            kept.AsSpan(0, (int)_count).CopyTo(bigger);
            Pool.Return(kept);
            _exact = bigger;
        }
        else SwitchToSketch();
    }

    private void SwitchToSketch()
    {
        _sketch = new LogHistogram();
        if (_exact is not null)
        {
            for (long i = 0; i < _count; i++) _sketch.Add(_exact[i]);
            Pool.Return(_exact);
        }
        _exact = null;
    }

    /// <summary>Latency at <paramref name="points"/> evenly spaced quantiles from 0 to 1 (for CDF plots); empty when no values.</summary>
    public double[] QuantileCurve(int points)
    {
        ThrowIfReleased();
        if (_count == 0 || points < 2) return [];
        var curve = new double[points];
        if (_exact is not null)
        {
            var sorted = SortedExact(this);
            for (int i = 0; i < points; i++) curve[i] = Percentiles.OfSorted(sorted, 100.0 * i / (points - 1));
        }
        else
            for (int i = 0; i < points; i++) curve[i] = _sketch!.Percentile(100.0 * i / (points - 1));
        return curve;
    }

    /// <summary>Summary of this distribution alone (sorts the kept values in place).</summary>
    public LatencySummary Summarize() => Summarize([this]);

    /// <summary>
    /// Each part's summary and the union's, counting every kept value once: the union's bucket counts are
    /// the sum of the parts' (when the parts are few enough for that to be cheaper than a second pass).
    /// </summary>
    public static (LatencySummary Overall, LatencySummary[] PerPart) SummarizeAll(IReadOnlyList<LatencyDistribution> parts)
    {
        var perPart = new LatencySummary[parts.Count];
        long total = parts.Sum(p => p._count);
        bool reuse = parts.All(p => p.IsExact) && (long)parts.Count * OrderStatistics.Buckets <= total;
        if (!reuse)
        {
            for (int i = 0; i < parts.Count; i++) perPart[i] = parts[i].Summarize();
            return (Summarize(parts), perPart);
        }
        var union = new long[OrderStatistics.Buckets];
        var own = new long[OrderStatistics.Buckets];
        for (int i = 0; i < parts.Count; i++)
        {
            Array.Clear(own);
            OrderStatistics.Count(parts[i]._exact.AsSpan(0, (int)parts[i]._count), own);
            perPart[i] = Summarize([parts[i]], own);
            for (int b = 0; b < own.Length; b++) union[b] += own[b];
        }
        return (Summarize(parts, union), perPart);
    }

    /// <summary>Summary of several distributions together (for the overall figures).</summary>
    public static LatencySummary Summarize(IReadOnlyList<LatencyDistribution> parts) => Summarize(parts, null);

    private static LatencySummary Summarize(IReadOnlyList<LatencyDistribution> parts, long[]? histogram)
    {
        long count = 0, within = 0;
        double sum = 0, max = double.NegativeInfinity;
        bool exact = true;
        foreach (var p in parts)
        {
            p.ThrowIfReleased();
            count += p._count; within += p._withinSlo; sum += p._sum;
            if (p._count > 0 && p._max > max) max = p._max;
            exact &= p.IsExact;
        }
        if (count == 0) return new LatencySummary(0, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN);
        double mean = sum / count, attainment = (double)within / count;
        if (exact)
        {
            var (p50, p90, p99) = ExactPercentiles(parts, count, histogram);
            return new LatencySummary(count, mean, p50, p90, p99, max, attainment);
        }
        var sketch = new LogHistogram();
        foreach (var p in parts) p.AddTo(sketch);
        return new LatencySummary(count, mean, sketch.Percentile(50), sketch.Percentile(90), sketch.Percentile(99), max, attainment) { Approximate = true };
    }

    private void AddTo(LogHistogram sketch)
    {
        if (_sketch is not null) sketch.AddAll(_sketch);
        else for (long i = 0; i < _count; i++) sketch.Add(_exact![i]);
    }

    private static ReadOnlySpan<double> SortedExact(LatencyDistribution d)
    {
        var span = d._exact.AsSpan(0, (int)d._count);
        span.Sort();
        return span;
    }

    private static readonly double[] Reported = [50, 90, 99];

    /// <summary>p50, p90 and p99 of the parts' union exactly as numpy's linear interpolation gives them (values untouched).</summary>
    private static (double, double, double) ExactPercentiles(IReadOnlyList<LatencyDistribution> parts, long count, long[]? histogram = null)
    {
        Span<long> wanted = stackalloc long[2 * Reported.Length];
        int m = 0;
        foreach (double q in Reported)
        {
            var (lo, _) = Percentiles.VirtualIndex(count, q);
            wanted[m++] = lo;
            wanted[m++] = Math.Min(lo + 1, count - 1);
        }
        wanted[..m].Sort();
        Span<long> ranks = stackalloc long[m];
        int n = 0;
        foreach (long r in wanted[..m])
            if (n == 0 || ranks[n - 1] != r) ranks[n++] = r;
        Span<double> found = stackalloc double[n];
        var arrays = parts.Select(p => p._exact!).ToArray();
        var counts = parts.Select(p => (int)p._count).ToArray();
        if (histogram is null) OrderStatistics.SelectAcross(arrays, counts, ranks[..n], found);
        else OrderStatistics.SelectAcross(arrays, counts, ranks[..n], found, histogram);
        Span<double> result = stackalloc double[Reported.Length];
        for (int i = 0; i < Reported.Length; i++)
        {
            var (lo, t) = Percentiles.VirtualIndex(count, Reported[i]);
            double a = found[ranks[..n].IndexOf(lo)];
            result[i] = lo + 1 < count ? Percentiles.Lerp(a, found[ranks[..n].IndexOf(lo + 1)], t) : a;
        }
        return (result[0], result[1], result[2]);
    }
}
