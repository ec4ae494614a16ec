using System.Globalization;
using DlSim.Foundation;

namespace DlSim.Workloads.Operations;

/// <summary>
/// A time window [from, to) of a workload, in seconds. With <see cref="Shift"/> the kept requests move so
/// that <see cref="FromS"/> becomes 0; without it they keep their times. The defaults keep everything.
/// </summary>
public sealed record SliceSpec
{
    /// <summary>First instant kept (inclusive); ≥ 0.</summary>
    public double FromS { get; init; }

    /// <summary>First instant no longer kept (exclusive); &gt; <see cref="FromS"/>; +∞ keeps to the end.</summary>
    public double ToS { get; init; } = double.PositiveInfinity;

    /// <summary>Subtract <see cref="FromS"/> from every kept arrival.</summary>
    public bool Shift { get; init; }

    /// <summary>Reports every invalid figure under the name of the flag that sets it.</summary>
    public void Validate()
    {
        var errors = new List<InputError>();
        if (!(FromS >= 0) || double.IsInfinity(FromS))
            errors.Add(new InputError("--from", 0, $"expected a finite time ≥ 0 in seconds, found {F(FromS)}"));
        else if (!(ToS > FromS))
            errors.Add(new InputError("--to", 0, $"expected a time after --from ({F(FromS)} s), found {F(ToS)}"));
        if (errors.Count > 0) throw new InputException(errors);
    }

    public bool Contains(double arrivalS) => arrivalS >= FromS && arrivalS < ToS;

    private static string F(double x) => x.ToString("R", CultureInfo.InvariantCulture);
}
