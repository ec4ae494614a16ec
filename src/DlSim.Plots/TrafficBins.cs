using DlSim.Foundation;
using DlSim.Workloads;

namespace DlSim.Plots;

/// <summary>
/// What the workload plots draw, gathered in one pass over a request source: requests per time bin per
/// model, and log-spaced histograms of inter-arrival gaps per model and overall. Memory grows with the
/// workload's span ÷ bin width and the model count, never with the request count.
/// </summary>
public sealed class TrafficBins
{
    /// <summary>More time bins than this are refused: a plot is ~1000 pixels wide, and memory must stay small.</summary>
    public const int MaxTimeBins = 1_000_000;

    /// <summary>Gap histogram: <see cref="BinsPerDecade"/> log-spaced bins from 10^<see cref="FirstDecade"/> s to 10^<see cref="LastDecade"/> s.</summary>
    public const int FirstDecade = -6, LastDecade = 4, BinsPerDecade = 10;
    public const int GapBins = (LastDecade - FirstDecade) * BinsPerDecade;

    public WorkloadHeader Header { get; }
    public double BinS { get; }
    public long Requests { get; private set; }

    /// <summary>End of the plotted window: the header's duration, or the last arrival if later.</summary>
    public double SpanS { get; private set; }

    /// <summary>Requests of each model in each time bin: [model][bin].</summary>
    public IReadOnlyList<long[]> Counts => _counts;
    public int TimeBins { get; private set; }

    /// <summary>Gaps between successive requests of each model ([model][bin]) and of all models ([ModelCount][bin]).</summary>
    public IReadOnlyList<long[]> GapCounts => _gaps;

    /// <summary>Gaps below 10^FirstDecade s (zero gaps included) and at or above 10^LastDecade s, per model then overall.</summary>
    public IReadOnlyList<long> GapsBelow => _below;
    public IReadOnlyList<long> GapsAbove => _above;

    private long[][] _counts;
    private readonly long[][] _gaps;
    private readonly long[] _below, _above, _perModel;
    private readonly double[] _last;

    private TrafficBins(WorkloadHeader header, double binS)
    {
        Header = header;
        BinS = binS;
        int models = header.ModelCount;
        int initial = BinsFor(header.DurationS, binS);
        _counts = new long[models][];
        for (int m = 0; m < models; m++) _counts[m] = new long[Math.Max(initial, 1)];
        _gaps = new long[models + 1][];
        for (int m = 0; m <= models; m++) _gaps[m] = new long[GapBins];
        _below = new long[models + 1];
        _above = new long[models + 1];
        _perModel = new long[models + 1];
        _last = new double[models + 1];
        SpanS = header.DurationS;
    }

    /// <summary>Requests of each model (and, last, of all models).</summary>
    public long RequestsOf(int model) => _perModel[model];

    /// <summary>Reads the source to its end. Bad input in it surfaces as <see cref="InputException"/>.</summary>
    public static TrafficBins Of(IRequestSource source, double binS)
    {
        if (!(binS > 0) || !double.IsFinite(binS)) throw new InputException("--bin", 0, $"expected a positive bin width in seconds, found {binS}");
        var bins = new TrafficBins(source.Header, binS);
        var models = new int[4096];
        var arrivals = new double[4096];
        int n;
        while ((n = source.Read(models, arrivals)) > 0)
            for (int i = 0; i < n; i++) bins.Add(models[i], arrivals[i]);
        bins.TimeBins = Math.Max(1, BinsFor(bins.SpanS, binS));
        return bins;
    }

    /// <summary>Start of bin <paramref name="bin"/> and its width: the last bin ends with the span, so a partial bin shows its true rate.</summary>
    private (double Start, double Width) BinExtent(int bin)
    {
        double start = bin * BinS, end = Math.Min((bin + 1) * BinS, SpanS);
        return (start, end > start ? end - start : BinS);
    }

    /// <summary>Middle of each time bin, in seconds.</summary>
    public double[] BinCentres()
    {
        var xs = new double[TimeBins];
        for (int b = 0; b < xs.Length; b++)
        {
            var (start, width) = BinExtent(b);
            xs[b] = start + width / 2;
        }
        return xs;
    }

    /// <summary>Requests per second of a model in each time bin: its count ÷ the bin's width.</summary>
    public double[] RatesPerSecond(int model)
    {
        var ys = new double[TimeBins];
        for (int b = 0; b < ys.Length; b++)
            ys[b] = b < _counts[model].Length ? _counts[model][b] / BinExtent(b).Width : 0;
        return ys;
    }

    private void Add(int model, double t)
    {
        long bin = (long)(t / BinS);
        if (bin >= _counts[model].Length) Grow(bin);
        _counts[model][bin]++;
        AddGap(model, t);
        AddGap(_gaps.Length - 1, t);
        Requests++;
        if (t > SpanS) SpanS = t;
    }

    private void AddGap(int series, double t)
    {
        if (_perModel[series]++ > 0)
        {
            double gap = t - _last[series];
            int bin = GapBin(gap);
            if (bin < 0) _below[series]++;
            else if (bin >= GapBins) _above[series]++;
            else _gaps[series][bin]++;
        }
        _last[series] = t;
    }

    /// <summary>Index of the log bin holding the gap; negative below the range (zero included), ≥ GapBins above it.</summary>
    public static int GapBin(double gapS) =>
        gapS <= 0 ? -1 : (int)Math.Clamp(Math.Floor((Math.Log10(gapS) - FirstDecade) * BinsPerDecade), -1, GapBins);

    /// <summary>Lower edge in seconds of gap bin <paramref name="bin"/>.</summary>
    public static double GapEdge(int bin) => Math.Pow(10, FirstDecade + (double)bin / BinsPerDecade);

    private void Grow(long bin)
    {
        if (bin >= MaxTimeBins)
            throw new InputException("--bin", 0, $"expected a bin width giving at most {MaxTimeBins} bins, found {BinS} s bins reaching bin {bin} (an arrival at {bin * BinS} s); use a wider --bin");
        int size = (int)Math.Min(MaxTimeBins, Math.Max(bin + 1, 2L * _counts[0].Length));
        for (int m = 0; m < _counts.Length; m++) Array.Resize(ref _counts[m], size);
    }

    private static int BinsFor(double spanS, double binS)
    {
        double bins = Math.Ceiling(spanS / binS);
        if (bins > MaxTimeBins)
            throw new InputException("--bin", 0, $"expected a bin width giving at most {MaxTimeBins} bins over the workload's {spanS} s, found {binS} s ({bins} bins); use a wider --bin");
        return (int)bins;
    }
}
