using DlSim.Foundation;

namespace DlSim.Workloads;

/// <summary>
/// An open-loop Poisson workload: total rate split over models by proportions. The defaults are
/// the seed README's example (10 Hz, 80/20 over two models, 20 s, SLO 0.25 s, seed 0).
/// </summary>
public sealed record PoissonWorkloadSpec
{
    public double TotalRateHz { get; init; } = 10;
    public IReadOnlyList<double> Proportions { get; init; } = [0.8, 0.2];
    public double DurationS { get; init; } = 20;
    public IReadOnlyList<double> SlosS { get; init; } = [0.25, 0.25];
    public ulong Seed { get; init; }
    public string Name { get; init; } = "default_poisson_10Hz_20s";

    /// <summary>Tolerance on the sum of proportions.</summary>
    public const double ProportionTolerance = WorkloadChecks.ProportionTolerance;

    /// <summary>Reports every invalid figure under the name of the flag that set it.</summary>
    public void Validate()
    {
        var errors = new List<InputError>();
        if (!(TotalRateHz > 0) || double.IsInfinity(TotalRateHz)) errors.Add(new InputError("--rate", 0, $"expected a positive rate in Hz, found {F(TotalRateHz)}"));
        if (!(DurationS > 0) || double.IsInfinity(DurationS)) errors.Add(new InputError("--duration", 0, $"expected a positive duration in seconds, found {F(DurationS)}"));
        WorkloadChecks.Proportions(errors, Proportions);
        WorkloadChecks.Slos(errors, SlosS, Proportions.Count);
        WorkloadChecks.Name(errors, Name);
        if (errors.Count > 0) throw new InputException(errors);
    }

    private static string F(double x) => WorkloadChecks.F(x);
}
