namespace DlSim.Workloads.Operations;

/// <summary>
/// Thins or copies the requests of a source by <see cref="ScaleSpec.RateFactor"/> (see <see cref="ScaleSpec"/>),
/// streaming. The header's total rate is multiplied by the factor; proportions, duration and SLOs stay.
/// </summary>
public sealed class RateScaledSource : IRequestSource
{
    private readonly IRequestSource _source;
    private readonly ScaleSpec _spec;
    private readonly DeterministicRng _rng;
    private readonly RequestCursor _cursor;
    private int _pendingCopies;

    public WorkloadHeader Header { get; }

    public RateScaledSource(IRequestSource source, ScaleSpec spec)
    {
        spec.Validate();
        _source = source;
        _spec = spec;
        _rng = new DeterministicRng(spec.Seed);
        Header = source.Header with { TotalRateHz = source.Header.TotalRateHz * spec.RateFactor };
        _cursor = new RequestCursor(source);
        if (_cursor.HasCurrent) _pendingCopies = spec.Copies(_rng);
    }

    public int Read(Span<int> modelIds, Span<double> arrivalsS)
    {
        int n = 0;
        while (n < modelIds.Length && _cursor.HasCurrent)
        {
            if (_pendingCopies > 0)
            {
                modelIds[n] = _cursor.Model;
                arrivalsS[n] = _cursor.ArrivalS;
                n++;
                _pendingCopies--;
                continue;
            }
            if (_cursor.Advance()) _pendingCopies = _spec.Copies(_rng);
        }
        return n;
    }

    public void Dispose() => _source.Dispose();
}
