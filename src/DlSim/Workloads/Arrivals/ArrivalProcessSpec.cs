using System.Globalization;
using DlSim.Foundation;

namespace DlSim.Workloads.Arrivals;

/// <summary>
/// One arrival process and its parameters (see <see cref="ArrivalProcessKind"/> for each kind's figures).
/// The default is Poisson at 10 Hz. Fields a kind does not use keep their (valid) defaults.
/// </summary>
public sealed record ArrivalProcessSpec
{
    public ArrivalProcessKind Kind { get; init; } = ArrivalProcessKind.Poisson;

    /// <summary>Long-run rate in Hz of Poisson, Gamma, Deterministic and Weibull; &gt; 0. MMPP takes its rate from <see cref="Mmpp"/>.</summary>
    public double RateHz { get; init; } = 10;

    /// <summary>Gamma: coefficient of variation of the gaps; &gt; 0.</summary>
    public double Cv { get; init; } = 1;

    /// <summary>Weibull: shape k; &gt; 0.</summary>
    public double Shape { get; init; } = 1;

    /// <summary>MMPP: the two rates and mean sojourn times.</summary>
    public MmppParameters Mmpp { get; init; } = new();

    /// <summary>Analytic long-run rate in Hz.</summary>
    public double MeanRateHz => Kind == ArrivalProcessKind.Mmpp ? Mmpp.MeanRateHz : RateHz;

    /// <summary>Analytic coefficient of variation of the gaps.</summary>
    public double GapCv => ArrivalProcess.Create(this, new DeterministicRng(0)).GapCv;

    /// <summary>
    /// The process in operational time, where the whole workload runs at unit rate and this stream takes
    /// <paramref name="share"/> of it: the process sped up by 1/<see cref="MeanRateHz"/>, then its rates
    /// multiplied by the share. Gamma, Weibull and Deterministic keep their CV; MMPP keeps its rate ratio
    /// and the number of arrivals per sojourn of the whole workload.
    /// </summary>
    public ArrivalProcessSpec InOperationalTime(double share) =>
        this with { RateHz = share, Mmpp = Mmpp.SpedUp(1 / MeanRateHz).RatesScaled(share) };

    /// <summary>Adds a problem per bad figure, under the name of the flag that sets it.</summary>
    public void Validate(List<InputError> errors)
    {
        if (!Enum.IsDefined(Kind)) errors.Add(new InputError("--process", 0, $"expected one of {ArrivalProcessKinds.AllNames}, found {Kind}"));
        if (!(RateHz > 0) || double.IsInfinity(RateHz)) errors.Add(new InputError("--rate", 0, $"expected a positive rate in Hz, found {F(RateHz)}"));
        if (!(Cv > 0) || double.IsInfinity(Cv)) errors.Add(new InputError("--cv", 0, $"expected a positive coefficient of variation, found {F(Cv)}"));
        if (!(Shape > 0) || double.IsInfinity(Shape)) errors.Add(new InputError("--shape", 0, $"expected a positive Weibull shape, found {F(Shape)}"));
        Mmpp.Validate(errors);
    }

    public void Validate()
    {
        var errors = new List<InputError>();
        Validate(errors);
        if (errors.Count > 0) throw new InputException(errors);
    }

    /// <summary>"gamma cv 3", "weibull shape 0.7", "mmpp 5,50,9,1", "poisson".</summary>
    public override string ToString() => Kind switch
    {
        ArrivalProcessKind.Gamma => string.Create(CultureInfo.InvariantCulture, $"gamma cv {Cv}"),
        ArrivalProcessKind.Weibull => string.Create(CultureInfo.InvariantCulture, $"weibull shape {Shape}"),
        ArrivalProcessKind.Mmpp => $"mmpp {Mmpp}",
        _ => ArrivalProcessKinds.Name(Kind),
    };

    private static string F(double x) => x.ToString("R", CultureInfo.InvariantCulture);
}
