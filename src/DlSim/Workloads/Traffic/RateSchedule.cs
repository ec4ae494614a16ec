using System.Globalization;
using DlSim.Foundation;

namespace DlSim.Workloads.Traffic;

/// <summary>
/// A piecewise-constant total rate: <c>0:10,60:30,120:5</c> means 10 Hz from 0 s, 30 Hz from 60 s and
/// 5 Hz from 120 s on (the last rate holds forever). Steps start at 0 and ascend; rates are ≥ 0 and at
/// least one is positive. Gives the cumulative rate Λ(t) = ∫₀ᵗ λ and its inverse, which map a process
/// generated in operational time (unit rate) to seconds (time rescaling).
/// </summary>
public sealed class RateSchedule
{
    private readonly double[] _starts;
    private readonly double[] _rates;
    private readonly double[] _cumulative; // Λ at each step's start

    public IReadOnlyList<double> StartsS => _starts;
    public IReadOnlyList<double> RatesHz => _rates;
    public bool IsConstant => _rates.Length == 1;

    /// <summary>Validates the steps; problems are reported under <paramref name="flag"/>.</summary>
    public RateSchedule(IReadOnlyList<double> startsS, IReadOnlyList<double> ratesHz, string flag = "--schedule")
    {
        var errors = new InputErrorList(flag);
        if (startsS.Count == 0 || startsS.Count != ratesHz.Count) errors.Add(0, "expected at least one START:RATE step, found none");
        else if (startsS[0] != 0) errors.Add(0, $"expected the first step to start at 0, found {F(startsS[0])}");
        for (int i = 1; i < startsS.Count; i++)
            if (!(startsS[i] > startsS[i - 1]))
                errors.Add(0, $"expected step starts in increasing order, found {F(startsS[i])} after {F(startsS[i - 1])}");
        foreach (double s in startsS)
            if (!double.IsFinite(s)) errors.Add(0, $"expected finite step starts in seconds, found {F(s)}");
        foreach (double r in ratesHz)
            if (!(r >= 0) || double.IsInfinity(r)) errors.Add(0, $"expected rates ≥ 0 in Hz, found {F(r)}");
        if (!errors.Any && !ratesHz.Any(r => r > 0)) errors.Add(0, "expected at least one positive rate, found only 0");
        errors.ThrowIfAny();
        _starts = [.. startsS];
        _rates = [.. ratesHz];
        _cumulative = new double[_starts.Length];
        for (int i = 1; i < _starts.Length; i++)
            _cumulative[i] = _cumulative[i - 1] + _rates[i - 1] * (_starts[i] - _starts[i - 1]);
    }

    /// <summary>A constant rate (&gt; 0) from 0 on.</summary>
    public static RateSchedule Constant(double rateHz, string flag = "--rate")
    {
        if (!(rateHz > 0) || double.IsInfinity(rateHz))
            throw new InputException(flag, 0, $"expected a positive rate in Hz, found {F(rateHz)}");
        return new RateSchedule([0.0], [rateHz], flag);
    }

    /// <summary>Parses <c>START:RATE,START:RATE,…</c> (seconds, Hz) and validates it.</summary>
    public static RateSchedule Parse(string text, string flag = "--schedule")
    {
        var starts = new List<double>();
        var rates = new List<double>();
        foreach (string part in text.Split(','))
        {
            int colon = part.IndexOf(':');
            if (colon < 0 || !SeedNumbers.TryDouble(part.AsSpan(0, colon), out double start) ||
                !SeedNumbers.TryDouble(part.AsSpan(colon + 1), out double rate))
                throw new InputException(flag, 0, $"expected START:RATE steps (seconds:Hz) such as 0:10,60:30, found \"{part.Trim()}\" in \"{text}\"");
            starts.Add(start);
            rates.Add(rate);
        }
        return new RateSchedule(starts, rates, flag);
    }

    /// <summary>Rate in Hz at time t ≥ 0.</summary>
    public double RateAt(double t) => _rates[StepAt(_starts, t)];

    /// <summary>Λ(t): expected arrivals in [0, t) at unit share.</summary>
    public double CumulativeAt(double t)
    {
        if (t <= 0) return 0;
        int k = StepAt(_starts, t);
        return _cumulative[k] + _rates[k] * (t - _starts[k]);
    }

    /// <summary>Λ⁻¹(u) = the first t with Λ(t) &gt; u (for u ≥ 0): flat stretches at rate 0 are skipped;
    /// +∞ when the schedule ends at rate 0 before reaching u. Non-decreasing in u.</summary>
    public double TimeAt(double u)
    {
        int k = StepAt(_cumulative, u); // the last step whose start has Λ ≤ u: after any flat stretch
        if (_rates[k] == 0) return double.PositiveInfinity; // only the last step can be flat here
        double t = _starts[k] + (u - _cumulative[k]) / _rates[k];
        return k + 1 < _starts.Length ? Math.Min(t, _starts[k + 1]) : t; // rounding must not cross the next step
    }

    /// <summary>Mean rate over [0, t]; the rate itself when the schedule is constant.</summary>
    public double MeanRateUntil(double t) => IsConstant ? _rates[0] : t > 0 ? CumulativeAt(t) / t : _rates[0];

    /// <summary>"0:10,60:30,120:5".</summary>
    public override string ToString() =>
        string.Join(",", _starts.Select((s, i) => string.Create(CultureInfo.InvariantCulture, $"{s}:{_rates[i]}")));

    /// <summary>The last index i with sorted[i] ≤ x (0 when x is below them all).</summary>
    private static int StepAt(double[] sorted, double x)
    {
        int lo = 0, hi = sorted.Length - 1;
        while (lo < hi)
        {
            int mid = (lo + hi + 1) >> 1;
            if (sorted[mid] <= x) lo = mid; else hi = mid - 1;
        }
        return lo;
    }

    private static string F(double x) => x.ToString("R", CultureInfo.InvariantCulture);
}
