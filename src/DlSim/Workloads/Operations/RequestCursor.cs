namespace DlSim.Workloads.Operations;

/// <summary>
/// Reads a source one request at a time through a chunk buffer, for operations that look at the
/// next request before deciding (merge, slice). Starts on the first request, if any.
/// </summary>
internal sealed class RequestCursor
{
    private readonly IRequestSource _source;
    private readonly int[] _models;
    private readonly double[] _arrivals;
    private int _count, _next;

    public RequestCursor(IRequestSource source, int chunk = 4096)
    {
        _source = source;
        _models = new int[chunk];
        _arrivals = new double[chunk];
        Advance();
    }

    /// <summary>False once the source is exhausted (its end-of-file problems, if any, have then been thrown).</summary>
    public bool HasCurrent { get; private set; }

    public int Model => _models[_next];
    public double ArrivalS => _arrivals[_next];

    /// <summary>Moves to the next request; false at the end.</summary>
    public bool Advance()
    {
        if (++_next >= _count)
        {
            _count = _source.Read(_models, _arrivals);
            _next = 0;
        }
        return HasCurrent = _next < _count;
    }

    /// <summary>Reads the rest of the source without keeping it, so problems further on are still reported.</summary>
    public void Drain()
    {
        if (!HasCurrent) return;
        while (_source.Read(_models, _arrivals) > 0) { }
        _count = _next = 0;
        HasCurrent = false;
    }
}
