using DlSim.Foundation;

namespace DlSim.Workloads.Arrivals;

/// <summary>
/// The arrival processes, each with its parameters, long-run rate λ and coefficient of variation of
/// its gaps. CLI names are the members in lower case (<see cref="ArrivalProcessKinds"/>); adding a
/// process touches this enum and the switch in <see cref="ArrivalProcess.Create"/>.
/// </summary>
public enum ArrivalProcessKind
{
    /// <summary>Rate λ: exponential gaps, mean 1/λ, CV 1.</summary>
    Poisson,

    /// <summary>Rate λ, CV c: gaps ~ Gamma(shape 1/c², scale c²/λ), mean 1/λ, CV c (c &lt; 1 smoother than Poisson, c &gt; 1 burstier).</summary>
    Gamma,

    /// <summary>Rate λ: every gap exactly 1/λ, CV 0.</summary>
    Deterministic,

    /// <summary>Rate λ, shape k: gaps ~ Weibull(k, scale 1/(λ Γ(1+1/k))), mean 1/λ, CV = √(Γ(1+2/k)/Γ(1+1/k)² − 1) (k &lt; 1 burstier than Poisson, k = 1 is Poisson).</summary>
    Weibull,

    /// <summary>Two-state Markov-modulated Poisson: Poisson at rate r1 or r2 while in state 1 or 2; exponential sojourns of mean s1, s2 seconds.
    /// Long-run rate (r1·s1 + r2·s2)/(s1 + s2); gap CV from the phase-type moments (<see cref="MmppParameters.GapCv"/>), ≥ 1.</summary>
    Mmpp,
}

/// <summary>CLI names of <see cref="ArrivalProcessKind"/>: the member names in lower case.</summary>
public static class ArrivalProcessKinds
{
    public static string Name(ArrivalProcessKind kind) => EnumNames.Of(kind);

    /// <summary>"poisson, gamma, …" for help texts and messages.</summary>
    public static string AllNames => string.Join(", ", EnumNames.All<ArrivalProcessKind>());

    /// <summary>A CLI name to its kind; anything else is bad input naming <paramref name="flag"/>.</summary>
    public static ArrivalProcessKind Parse(string text, string flag = "--process")
    {
        foreach (var kind in Enum.GetValues<ArrivalProcessKind>())
            if (Name(kind) == text.Trim().ToLowerInvariant()) return kind;
        throw new InputException(flag, 0, $"expected one of {AllNames}, found \"{text}\"");
    }
}
