namespace DlSim.Workloads.Traffic;

/// <summary>
/// The seed's Poisson algorithm, streamed: the first request at the schedule's first instant of positive
/// rate (0 for a constant rate), then exponential gaps at the total rate; each request's model drawn by the
/// shares. For a constant rate the arithmetic is the seed's (t += Exp(rate)), so its files stay byte-identical;
/// under a schedule the gaps are drawn in operational time and mapped through Λ⁻¹.
/// </summary>
internal sealed class PoissonSplitStream
{
    private readonly DeterministicRng _rng;
    private readonly double[] _cumulativeShares;
    private readonly RateSchedule _schedule;
    private readonly double _constantRate; // 0 under a time-varying schedule
    private readonly double _durationS;
    private long _left;
    private double _u; // operational time of the next request (schedules only)
    private double _t; // seconds of the next request

    public PoissonSplitStream(GeneratedWorkloadSpec spec, RateSchedule schedule)
    {
        _rng = new DeterministicRng(spec.Seed);
        _cumulativeShares = Cumulative(spec.Shares);
        _schedule = schedule;
        _constantRate = schedule.IsConstant ? schedule.RatesHz[0] : 0;
        _durationS = spec.DurationS;
        _left = spec.MaxRequests;
        _t = schedule.IsConstant ? 0 : schedule.TimeAt(0);
    }

    public int Read(Span<int> modelIds, Span<double> arrivalsS)
    {
        int n = 0;
        while (n < modelIds.Length && _left > 0 && _t < _durationS)
        {
            arrivalsS[n] = _t;
            modelIds[n] = Pick(_cumulativeShares, _rng.NextDouble());
            n++;
            _left--;
            if (_constantRate > 0) _t += _rng.NextExponential(_constantRate);
            else
            {
                _u += _rng.NextExponential(1);
                _t = _schedule.TimeAt(_u);
            }
        }
        return n;
    }

    private static double[] Cumulative(IReadOnlyList<double> shares)
    {
        var c = new double[shares.Count];
        double sum = 0;
        for (int i = 0; i < c.Length; i++) { sum += shares[i]; c[i] = sum; }
        return c;
    }

    private static int Pick(double[] cumulative, double u)
    {
        double scaled = u * cumulative[^1];
        for (int i = 0; i < cumulative.Length; i++)
            if (scaled < cumulative[i]) return i;
        return cumulative.Length - 1;
    }
}
