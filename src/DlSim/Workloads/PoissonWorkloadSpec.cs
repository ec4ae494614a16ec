using System.Globalization;
using DlSim.Io;

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
    public const double ProportionTolerance = 1e-6;

    /// <summary>Reports every invalid figure under the name of the flag that set it.</summary>
    public void Validate()
    {
        var errors = new List<InputError>();
        void Bad(string flag, string message) => errors.Add(new InputError(flag, 0, message));
        if (!(TotalRateHz > 0) || double.IsInfinity(TotalRateHz)) Bad("--rate", $"expected a positive rate in Hz, found {F(TotalRateHz)}");
        if (!(DurationS > 0) || double.IsInfinity(DurationS)) Bad("--duration", $"expected a positive duration in seconds, found {F(DurationS)}");
        if (Proportions.Count == 0) Bad("--proportions", "expected at least one proportion, found none");
        foreach (double p in Proportions)
            if (!(p >= 0) || double.IsInfinity(p)) Bad("--proportions", $"expected non-negative proportions, found {F(p)}");
        double sum = Proportions.Sum();
        if (Proportions.Count > 0 && Math.Abs(sum - 1) > ProportionTolerance) Bad("--proportions", $"expected proportions summing to 1, found a sum of {F(sum)}");
        if (SlosS.Count != Proportions.Count) Bad("--slos", $"expected one SLO per model ({Proportions.Count}), found {SlosS.Count}");
        foreach (double s in SlosS)
            if (!(s > 0)) Bad("--slos", $"expected positive SLOs in seconds, found {F(s)}");
        if (Name.Length == 0 || Name.Contains(',') || Name.Contains('"') || Name.Contains('\n')) Bad("--name", $"expected a name without commas, quotes or newlines, found \"{Name}\"");
        if (errors.Count > 0) throw new InputException(errors);
    }

    private static string F(double x) => x.ToString("R", CultureInfo.InvariantCulture);
}
