namespace DlSim.Workloads.ClosedLoop;

/// <summary>
/// The clients of a closed-loop run: which model each serves and when it sends next. Owned by one
/// engine run; its random stream advances in event order, so runs are reproducible.
/// </summary>
public sealed class ClientPool
{
    private readonly int[] _model;
    private readonly double[] _thinkS;
    private readonly bool[] _constant;
    private readonly DeterministicRng _rng;

    public int Count => _model.Length;
    public double DurationS { get; }

    public ClientPool(ClosedLoopSpec spec)
    {
        int n = spec.TotalClients;
        _model = new int[n];
        _thinkS = new double[n];
        _constant = new bool[n];
        int c = 0;
        foreach (var g in spec.Groups)
            for (int i = 0; i < g.Clients; i++, c++)
            {
                _model[c] = g.Model;
                _thinkS[c] = g.ThinkS;
                _constant[c] = g.Think == ThinkTimeKind.Constant;
            }
        DurationS = spec.DurationS;
        _rng = new DeterministicRng(spec.Seed);
    }

    public int ModelOf(int client) => _model[client];

    /// <summary>When the client sends its first request: after one think time from 0.</summary>
    public double FirstSendS(int client) => Think(client);

    /// <summary>When the client sends again after a response at <paramref name="nowS"/>; +∞ once past the duration.</summary>
    public double NextSendS(int client, double nowS)
    {
        double t = nowS + Think(client);
        return t < DurationS ? t : double.PositiveInfinity;
    }

    private double Think(int client)
    {
        double mean = _thinkS[client];
        if (mean == 0 || _constant[client]) return mean;
        return _rng.NextExponential(1 / mean);
    }
}
