using System.Globalization;
using DlSim.Foundation;

namespace DlSim.Workloads.Operations;

/// <summary>
/// How to change a workload's rate. Rate factor f: every request is kept ⌊f⌋ times plus once more with
/// probability f − ⌊f⌋ (seeded), so f &lt; 1 thins independently (keep probability f) and f &gt; 1 copies
/// requests, the copies arriving at the same instant as the original. Time factor: every arrival is
/// multiplied by it (0.5 doubles the rate without adding requests and keeps the traffic's shape).
/// The defaults change nothing.
/// </summary>
public sealed record ScaleSpec
{
    /// <summary>Mean copies per request; &gt; 0.</summary>
    public double RateFactor { get; init; } = 1;

    /// <summary>Multiplies every arrival time; &gt; 0.</summary>
    public double TimeFactor { get; init; } = 1;

    /// <summary>Seed of the keep/copy draws; the same seed keeps the same requests.</summary>
    public ulong Seed { get; init; }

    /// <summary>Largest rate factor accepted (a request's copies are counted in an int).</summary>
    public const double MaxRateFactor = 1e6;

    /// <summary>Time factors outside [1/<see cref="MaxTimeFactor"/>, <see cref="MaxTimeFactor"/>] are refused (1e307 would turn arrivals into infinity).</summary>
    public const double MaxTimeFactor = 1e9;

    public bool ChangesRate => RateFactor != 1;
    public bool ChangesTime => TimeFactor != 1;

    /// <summary>Reports every invalid figure under the name of the flag that sets it.</summary>
    public void Validate()
    {
        var errors = new List<InputError>();
        if (!(RateFactor > 0 && RateFactor <= MaxRateFactor))
            errors.Add(new InputError("--rate-factor", 0, $"expected a factor > 0 and ≤ {MaxRateFactor:0e0}, found {F(RateFactor)}"));
        if (!(TimeFactor >= 1 / MaxTimeFactor && TimeFactor <= MaxTimeFactor))
            errors.Add(new InputError("--time-factor", 0, $"expected a factor from {1 / MaxTimeFactor:0e0} to {MaxTimeFactor:0e0} (the limits), found {F(TimeFactor)}"));
        if (errors.Count > 0) throw new InputException(errors);
    }

    /// <summary>How many times to emit the next request: ⌊f⌋, plus one with probability f − ⌊f⌋. Draws only when f is not whole.</summary>
    public int Copies(DeterministicRng rng)
    {
        double whole = Math.Floor(RateFactor);
        double fraction = RateFactor - whole;
        return (int)whole + (fraction > 0 && rng.NextDouble() < fraction ? 1 : 0);
    }

    /// <summary>The source with the rate then the time scaling applied (each only when it changes something).</summary>
    public IRequestSource Apply(IRequestSource source)
    {
        Validate();
        if (ChangesRate) source = new RateScaledSource(source, this);
        if (ChangesTime) source = new TimeScaledSource(source, TimeFactor);
        return source;
    }

    private static string F(double x) => x.ToString("R", CultureInfo.InvariantCulture);
}
