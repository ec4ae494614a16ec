namespace DlSim.Workloads.Arrivals;

/// <summary>
/// A running arrival process: successive gaps in seconds (or in operational time, for a spec from
/// <see cref="ArrivalProcessSpec.InOperationalTime"/>). Reproducible: the same spec and RNG state give the
/// same gaps. Call <see cref="FirstGap"/> once, then <see cref="NextGap"/>.
/// </summary>
public abstract class ArrivalProcess
{
    /// <summary>Analytic long-run rate (arrivals per unit of time).</summary>
    public abstract double MeanRate { get; }

    /// <summary>Analytic coefficient of variation of the gaps.</summary>
    public abstract double GapCv { get; }

    /// <summary>Time from 0 to the first arrival, drawn so that the process is stationary from 0 (the
    /// forward-recurrence time: for a renewal process U·X̃ with X̃ length-biased): counts from 0 have the
    /// long-run rate with no start-up bias, and independent streams are not in phase.</summary>
    public abstract double FirstGap();

    /// <summary>Time from the previous arrival to the next; ≥ 0.</summary>
    public abstract double NextGap();

    /// <summary>The one factory: a validated spec and the RNG the process draws from (owned by the process from now on).</summary>
    public static ArrivalProcess Create(ArrivalProcessSpec spec, DeterministicRng rng) => spec.Kind switch
    {
        ArrivalProcessKind.Poisson => new PoissonProcess(spec.RateHz, rng),
        ArrivalProcessKind.Gamma => new GammaProcess(spec.RateHz, spec.Cv, rng),
        ArrivalProcessKind.Deterministic => new DeterministicProcess(spec.RateHz, rng),
        ArrivalProcessKind.Weibull => new WeibullProcess(spec.RateHz, spec.Shape, rng),
        ArrivalProcessKind.Mmpp => new MmppProcess(spec.Mmpp, rng),
        _ => throw new ArgumentOutOfRangeException(nameof(spec), spec.Kind, "unknown arrival process"),
    };
}
