using DlSim.Foundation;

namespace DlSim.Metrics;

/// <summary>
/// Mean and largest latency of each model's completed requests per bin of arrival time (for the report's
/// latency-over-time plot). Memory: models × bins × 3 numbers; kept only when a timeline is asked for.
/// </summary>
public sealed class LatencyTimeline
{
    private readonly long[][] _count;
    private readonly double[][] _sumS;
    private readonly double[][] _maxS;
    private int _bins;

    public double BinS { get; }

    public LatencyTimeline(int models, double binS)
    {
        if (!(binS > 0)) throw new ArgumentOutOfRangeException(nameof(binS), "bin width must be positive");
        BinS = binS;
        _count = new long[models][];
        _sumS = new double[models][];
        _maxS = new double[models][];
        for (int m = 0; m < models; m++) { _count[m] = new long[64]; _sumS[m] = new double[64]; _maxS[m] = new double[64]; }
    }

    public void Record(int model, double arrivalS, double latencyS)
    {
        if ((uint)model >= (uint)_count.Length || !(arrivalS >= 0)) return;
        int bin = (int)Math.Min(arrivalS / BinS, Limits.MaxBins);
        if (bin >= _count[model].Length)
        {
            int size = Math.Max(_count[model].Length * 2, bin + 1);
            Array.Resize(ref _count[model], size);
            Array.Resize(ref _sumS[model], size);
            Array.Resize(ref _maxS[model], size);
        }
        if (bin + 1 > _bins) _bins = bin + 1;
        _count[model][bin]++;
        _sumS[model][bin] += latencyS;
        if (latencyS > _maxS[model][bin]) _maxS[model][bin] = latencyS;
    }

    /// <summary>Per model and bin: mean and largest latency in seconds, NaN where no request of the model arrived.</summary>
    public LatencySeries Series()
    {
        var mean = new double[_count.Length][];
        var max = new double[_count.Length][];
        for (int m = 0; m < _count.Length; m++)
        {
            mean[m] = new double[_bins];
            max[m] = new double[_bins];
            for (int b = 0; b < _bins; b++)
            {
                long n = b < _count[m].Length ? _count[m][b] : 0;
                mean[m][b] = n > 0 ? _sumS[m][b] / n : double.NaN;
                max[m][b] = n > 0 ? _maxS[m][b] : double.NaN;
            }
        }
        return new LatencySeries(BinS, mean, max);
    }
}

/// <summary>Latency per model [model][bin] over bins of <see cref="BinS"/> seconds of arrival time; NaN for an empty bin.</summary>
public sealed record LatencySeries(double BinS, double[][] MeanS, double[][] MaxS);
