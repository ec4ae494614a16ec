namespace DlSim.Workloads.Operations;

/// <summary>
/// The requests of a source that arrive in [from, to), streaming (see <see cref="SliceSpec"/>). Once past
/// <c>to</c> it still reads its input to the end, without keeping anything, so that a problem anywhere in
/// the input file is reported. Header: name, rate, proportions and SLOs stay; the duration becomes the
/// window's length when shifted, else the window's end (the workload still starts at 0); a window open
/// at the end ends at the input's duration.
/// </summary>
public sealed class SlicedSource : IRequestSource
{
    private readonly IRequestSource _source;
    private readonly SliceSpec _spec;
    private readonly RequestCursor _cursor;

    public WorkloadHeader Header { get; }

    public SlicedSource(IRequestSource source, SliceSpec spec)
    {
        spec.Validate();
        _source = source;
        _spec = spec;
        var h = source.Header;
        double end = double.IsFinite(spec.ToS) ? spec.ToS : h.DurationS;
        double duration = spec.Shift ? Math.Max(0, end - spec.FromS) : Math.Max(end, 0);
        Header = h with { DurationS = duration };
        _cursor = new RequestCursor(source);
    }

    public int Read(Span<int> modelIds, Span<double> arrivalsS)
    {
        int n = 0;
        double shift = _spec.Shift ? _spec.FromS : 0;
        while (n < modelIds.Length && _cursor.HasCurrent)
        {
            double t = _cursor.ArrivalS;
            if (t >= _spec.ToS)
            {
                _cursor.Drain();
                break;
            }
            if (t >= _spec.FromS)
            {
                modelIds[n] = _cursor.Model;
                arrivalsS[n] = t - shift;
                n++;
            }
            _cursor.Advance();
        }
        return n;
    }

    public void Dispose() => _source.Dispose();
}
