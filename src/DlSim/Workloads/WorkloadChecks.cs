using System.Globalization;
using DlSim.Foundation;

namespace DlSim.Workloads;

/// <summary>Checks shared by the workload specs, each problem named by the flag that sets the figure.</summary>
internal static class WorkloadChecks
{
    /// <summary>Tolerance on the sum of proportions.</summary>
    public const double ProportionTolerance = 1e-6;

    public static void Proportions(List<InputError> errors, IReadOnlyList<double> proportions, string flag = "--proportions")
    {
        if (proportions.Count == 0) errors.Add(new InputError(flag, 0, "expected at least one proportion, found none"));
        foreach (double p in proportions)
            if (!(p >= 0) || double.IsInfinity(p)) errors.Add(new InputError(flag, 0, $"expected non-negative proportions, found {F(p)}"));
        double sum = proportions.Sum();
        if (proportions.Count > 0 && Math.Abs(sum - 1) > ProportionTolerance)
            errors.Add(new InputError(flag, 0, $"expected proportions summing to 1, found a sum of {F(sum)}"));
    }

    public static void Slos(List<InputError> errors, IReadOnlyList<double> slos, int models)
    {
        if (slos.Count != models) errors.Add(new InputError("--slos", 0, $"expected one SLO per model ({models}), found {slos.Count}"));
        foreach (double s in slos)
            if (!(s > 0)) errors.Add(new InputError("--slos", 0, $"expected positive SLOs in seconds, found {F(s)}"));
    }

    /// <summary>The name goes into a CSV header field.</summary>
    public static void Name(List<InputError> errors, string name)
    {
        if (name.Length == 0 || name.Contains(',') || name.Contains('"') || name.Contains('\n'))
            errors.Add(new InputError("--name", 0, $"expected a name without commas, quotes or newlines, found \"{name}\""));
    }

    public static string F(double x) => x.ToString("R", CultureInfo.InvariantCulture);
}
