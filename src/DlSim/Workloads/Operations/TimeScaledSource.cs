using System.Globalization;
using DlSim.Foundation;

namespace DlSim.Workloads.Operations;

/// <summary>
/// Multiplies every arrival by a factor, streaming: &lt; 1 compresses time (higher rate, same requests),
/// &gt; 1 stretches it. The header's duration is multiplied and its total rate divided by the factor.
/// </summary>
public sealed class TimeScaledSource : IRequestSource
{
    private readonly IRequestSource _source;
    private readonly double _factor;

    public WorkloadHeader Header { get; }

    public TimeScaledSource(IRequestSource source, double factor)
    {
        new ScaleSpec { TimeFactor = factor }.Validate();
        _source = source;
        _factor = factor;
        var h = source.Header;
        Header = h with { TotalRateHz = h.TotalRateHz / factor, DurationS = h.DurationS * factor };
        if (!double.IsFinite(Header.DurationS) || !double.IsFinite(Header.TotalRateHz))
            throw new InputException("--time-factor", 0, string.Create(CultureInfo.InvariantCulture,
                $"expected a duration and rate that stay finite, found {h.DurationS} s × {factor} and {h.TotalRateHz} Hz ÷ {factor}"));
    }

    public int Read(Span<int> modelIds, Span<double> arrivalsS)
    {
        int n = _source.Read(modelIds, arrivalsS);
        for (int i = 0; i < n; i++)
        {
            double scaled = arrivalsS[i] * _factor;
            if (!(scaled <= Limits.MaxSeconds))
                throw new InputException("--time-factor", 0, string.Create(CultureInfo.InvariantCulture,
                    $"expected arrivals of at most 1e12 s (the limit), found {arrivalsS[i]} s × {_factor} = {scaled}"));
            arrivalsS[i] = scaled;
        }
        return n;
    }

    public void Dispose() => _source.Dispose();
}
