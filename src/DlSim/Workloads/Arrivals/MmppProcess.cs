namespace DlSim.Workloads.Arrivals;

/// <summary>
/// Two-state Markov-modulated Poisson process (<see cref="MmppParameters"/>). Starts in its stationary
/// state distribution (state 1 with probability s1/(s1 + s2)); sojourns are exponential, so the time left
/// in the first state is a full sojourn and the process is stationary from 0.
/// </summary>
public sealed class MmppProcess : ArrivalProcess
{
    private readonly MmppParameters _p;
    private readonly DeterministicRng _rng;
    private int _state;          // 0 or 1
    private double _stateLeft;   // time left in the current state

    public MmppProcess(MmppParameters parameters, DeterministicRng rng)
    {
        _p = parameters;
        _rng = rng;
    }

    public override double MeanRate => _p.MeanRateHz;
    public override double GapCv => _p.GapCv;

    public override double FirstGap()
    {
        _state = _rng.NextDouble() * (_p.Sojourn1S + _p.Sojourn2S) < _p.Sojourn1S ? 0 : 1;
        _stateLeft = Sojourn(_state);
        return NextGap();
    }

    /// <summary>Draws an exponential gap at the current state's rate; if the state ends first, moves to the
    /// other state and draws again from there (memorylessness makes the redraw exact).</summary>
    public override double NextGap()
    {
        double elapsed = 0;
        while (true)
        {
            double rate = _state == 0 ? _p.Rate1Hz : _p.Rate2Hz;
            double gap = rate > 0 ? _rng.NextExponential(rate) : double.PositiveInfinity;
            if (gap < _stateLeft)
            {
                _stateLeft -= gap;
                return elapsed + gap;
            }
            elapsed += _stateLeft;
            _state = 1 - _state;
            _stateLeft = Sojourn(_state);
        }
    }

    private double Sojourn(int state) => _rng.NextExponential(1 / (state == 0 ? _p.Sojourn1S : _p.Sojourn2S));
}
