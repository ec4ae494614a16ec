using System.Globalization;
using DlSim.Foundation;

namespace DlSim.Serving;

/// <summary>
/// Delay added before a stage starts when its mesh was busy on receipt (the gap a queued run waits
/// after the previous one). Seconds, ≥ 0. The seed used 3 ms for multi-stage and 4 ms for
/// single-stage executables; real traces show 2.5–2.6 ms and 3.85–4.0 ms.
/// </summary>
public sealed record DispatchOverhead(double MultiStageS = 0.003, double SingleStageS = 0.004)
{
    public static DispatchOverhead Seed { get; } = new();
    public static DispatchOverhead None { get; } = new(0, 0);

    public double For(int stageCount) => stageCount > 1 ? MultiStageS : SingleStageS;

    /// <summary>Parses <c>seed</c>, <c>0</c>, or <c>MULTI,SINGLE</c> in seconds.</summary>
    public static DispatchOverhead Parse(string text, string source = "--overhead")
    {
        string t = text.Trim();
        if (t.Equals("seed", StringComparison.OrdinalIgnoreCase)) return Seed;
        var parts = t.Split(',');
        var values = new double[parts.Length];
        bool ok = parts.Length is 1 or 2;
        for (int i = 0; ok && i < parts.Length; i++)
            ok = SeedNumbers.TryDouble(parts[i], out values[i]) && values[i] >= 0;
        if (!ok) throw new InputException(source, 0, $"expected \"seed\", one number of seconds ≥ 0, or MULTI,SINGLE seconds, found \"{text}\"");
        return parts.Length == 1 ? new DispatchOverhead(values[0], values[0]) : new DispatchOverhead(values[0], values[1]);
    }

    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{MultiStageS},{SingleStageS}");
}
