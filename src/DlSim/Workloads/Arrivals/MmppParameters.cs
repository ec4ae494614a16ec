using System.Globalization;
using DlSim.Foundation;

namespace DlSim.Workloads.Arrivals;

/// <summary>
/// A two-state Markov-modulated Poisson process: Poisson at <see cref="Rate1Hz"/> while in state 1 and at
/// <see cref="Rate2Hz"/> in state 2; the state lasts an exponential time of mean <see cref="Sojourn1S"/> or
/// <see cref="Sojourn2S"/> seconds, then flips. The default alternates 9 s at 5 Hz with 1 s bursts at 50 Hz.
/// </summary>
public sealed record MmppParameters(double Rate1Hz = 5, double Rate2Hz = 50, double Sojourn1S = 9, double Sojourn2S = 1)
{
    /// <summary>Highest rate of either state, in Hz: as <c>--rate</c>'s limit.</summary>
    public const double MaxRateHz = 1e9;

    /// <summary>Long-run rate: (r1·s1 + r2·s2)/(s1 + s2).</summary>
    public double MeanRateHz => (Rate1Hz * Sojourn1S + Rate2Hz * Sojourn2S) / (Sojourn1S + Sojourn2S);

    /// <summary>
    /// CV of the gaps of the stationary process. A gap is phase-type: it starts in state i with probability
    /// πᵢrᵢ/λ (π the stationary state shares, λ the long-run rate) and ends at the next arrival, under the
    /// sub-generator D0 = Q − diag(r). Moments E[Xⁿ] = n!·φ(−D0)⁻ⁿ·1; CV = √(E[X²]/E[X]² − 1). 1 when r1 = r2.
    /// </summary>
    public double GapCv
    {
        get
        {
            double q1 = 1 / Sojourn1S, q2 = 1 / Sojourn2S;
            double a = q1 + Rate1Hz, b = q2 + Rate2Hz, det = a * b - q1 * q2;
            // (−D0)⁻¹ = [[b, q1], [q2, a]] / det
            double v1 = (b + q1) / det, v2 = (q2 + a) / det;                 // (−D0)⁻¹·1
            double w1 = (b * v1 + q1 * v2) / det, w2 = (q2 * v1 + a * v2) / det; // (−D0)⁻²·1
            double p1 = Sojourn1S * Rate1Hz, p2 = Sojourn2S * Rate2Hz, norm = p1 + p2; // φ ∝ πᵢ·rᵢ
            double mean = (p1 * v1 + p2 * v2) / norm;
            double second = 2 * (p1 * w1 + p2 * w2) / norm;
            return Math.Sqrt(Math.Max(0, second / (mean * mean) - 1));
        }
    }

    /// <summary>The same process with every rate multiplied by <paramref name="factor"/> and the sojourns unchanged.</summary>
    public MmppParameters RatesScaled(double factor) => this with { Rate1Hz = Rate1Hz * factor, Rate2Hz = Rate2Hz * factor };

    /// <summary>The same process sped up <paramref name="factor"/> times: rates × factor, sojourns ÷ factor (gap CV unchanged).</summary>
    public MmppParameters SpedUp(double factor) =>
        new(Rate1Hz * factor, Rate2Hz * factor, Sojourn1S / factor, Sojourn2S / factor);

    /// <summary>Adds a problem per bad figure, named by <paramref name="flag"/>.</summary>
    public void Validate(List<InputError> errors, string flag = "--mmpp")
    {
        // Bounded like --rate and like every time, so that the long-run rate and the gap CV stay finite.
        if (!(Rate1Hz >= 0 && Rate2Hz >= 0 && Rate1Hz <= MaxRateHz && Rate2Hz <= MaxRateHz))
            errors.Add(new InputError(flag, 0, $"expected rates ≥ 0 in Hz, at most 1e9 (the limit), found {F(Rate1Hz)} and {F(Rate2Hz)}"));
        else if (!(Rate1Hz + Rate2Hz > 0))
            errors.Add(new InputError(flag, 0, "expected at least one positive rate, found both 0"));
        if (!(Sojourn1S > 0 && Sojourn2S > 0 && Sojourn1S <= Limits.MaxSeconds && Sojourn2S <= Limits.MaxSeconds))
            errors.Add(new InputError(flag, 0, $"expected positive mean sojourn times in seconds, at most 1e12 (the limit), found {F(Sojourn1S)} and {F(Sojourn2S)}"));
        else if (Rate1Hz + Rate2Hz > 0 && Rate1Hz <= MaxRateHz && Rate2Hz <= MaxRateHz && !(StateChangesPerArrival <= MaxStateChangesPerArrival))
            // Each gap is drawn state by state: sojourns far shorter than the gaps would flip the state without end.
            errors.Add(new InputError(flag, 0, $"expected sojourns long enough for at most {F(MaxStateChangesPerArrival)} state changes per arrival on average (the limit), found {F(StateChangesPerArrival)}"));
    }

    /// <summary>Most state changes per arrival a process may have on average (unchanged by speeding it up).</summary>
    public const double MaxStateChangesPerArrival = 1e6;

    /// <summary>State changes per arrival on average: two per cycle of s1 + s2 seconds, over the arrivals of a cycle.</summary>
    public double StateChangesPerArrival => 2 / (Rate1Hz * Sojourn1S + Rate2Hz * Sojourn2S);

    /// <summary>Parses <c>RATE1,RATE2,SOJOURN1,SOJOURN2</c> (Hz, Hz, s, s) and validates it.</summary>
    public static MmppParameters Parse(string text, string flag = "--mmpp")
    {
        var parts = text.Split(',');
        var v = new double[4];
        bool ok = parts.Length == 4;
        for (int i = 0; ok && i < 4; i++) ok = SeedNumbers.TryDouble(parts[i], out v[i]);
        if (!ok) throw new InputException(flag, 0, $"expected RATE1,RATE2,SOJOURN1,SOJOURN2 (Hz, Hz, s, s) such as 5,50,9,1, found \"{text}\"");
        var p = new MmppParameters(v[0], v[1], v[2], v[3]);
        var errors = new List<InputError>();
        p.Validate(errors, flag);
        if (errors.Count > 0) throw new InputException(errors);
        return p;
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Rate1Hz},{Rate2Hz},{Sojourn1S},{Sojourn2S}");

    private static string F(double x) => x.ToString("R", CultureInfo.InvariantCulture);
}
