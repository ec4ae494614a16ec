using System.Globalization;
using DlSim.Foundation;
using DlSim.Workloads.Operations;

namespace DlSim.Workloads.Replay;

/// <summary>The public trace formats that can be replayed.</summary>
public enum TraceFormat
{
    /// <summary>Azure Functions 2019: per-minute invocation counts, one row per function, one file per day.</summary>
    Azure2019,

    /// <summary>Azure Functions 2021: one row per invocation (app, func, end_timestamp, duration).</summary>
    Azure2021,
}

/// <summary>How the trace's functions become model ids. Only functions with an invocation in the window take part.</summary>
public enum FunctionMapping
{
    /// <summary>Function i (in order of first appearance in the files) → model i mod N; nothing is dropped.</summary>
    RoundRobin,

    /// <summary>The N functions with the most invocations in the window → models 0..N−1 by falling volume (ties: first appearance); the rest are dropped.</summary>
    Top,
}

/// <summary>Where a 2019 minute's k invocations of one model fall within the minute (the trace says only how many).</summary>
public enum WithinMinute
{
    /// <summary>k independent uniform times, sorted: a Poisson process given the minute's count (gap CV ≈ 1).</summary>
    Poisson,

    /// <summary>One uniform random time in each of k equal slots: random yet evenly spread (gap CV ≈ 0.41).</summary>
    Uniform,

    /// <summary>At the centres of k equal slots: evenly spaced, no randomness (gap CV 0).</summary>
    Even,
}

/// <summary>
/// How to replay a trace. Window bounds are in the trace's unit: whole minutes for azure2019 (minute 0 is
/// column 1 of the first day file; day d's column m is minute d·1440 + m − 1), seconds for azure2021 (its
/// timestamps). The window is [start, end); its start becomes time 0; then <see cref="Scale"/> applies
/// (rate factor by the seeded rule of <see cref="ScaleSpec"/>, time factor on every arrival). The defaults:
/// the whole trace, round-robin over 2 models, Poisson within minutes, SLO 0.25 s, seed 0.
/// </summary>
public sealed record ReplayOptions
{
    public double WindowStart { get; init; }

    /// <summary>+∞: to the end of the trace.</summary>
    public double WindowEnd { get; init; } = double.PositiveInfinity;

    public FunctionMapping Mapping { get; init; } = FunctionMapping.RoundRobin;

    /// <summary>Model count of the replayed workload: N of round-robin or of top-N.</summary>
    public int Models { get; init; } = 2;

    public WithinMinute WithinMinute { get; init; } = WithinMinute.Poisson;

    /// <summary>Rate and time factors and the seed (which also drives <see cref="WithinMinute"/>).</summary>
    public ScaleSpec Scale { get; init; } = new();

    /// <summary>One SLO in seconds for every model, or one per model.</summary>
    public IReadOnlyList<double> SlosS { get; init; } = [0.25];

    public string Name { get; init; } = "trace_replay";

    /// <summary>Most models accepted (the 2019 replay keeps a count per model per minute).</summary>
    public const int MaxModels = 100_000;

    /// <summary>The SLO of every model, <see cref="Models"/> long.</summary>
    public IReadOnlyList<double> SlosPerModel() => SlosS.Count == 1 ? Enumerable.Repeat(SlosS[0], Models).ToArray() : SlosS;

    /// <summary>Reports every invalid figure under the name of the flag that sets it.</summary>
    public void Validate(TraceFormat format)
    {
        var errors = new List<InputError>();
        void Bad(string flag, string message) => errors.Add(new InputError(flag, 0, message));
        string unit = format == TraceFormat.Azure2019 ? "minutes" : "seconds";
        if (!(WindowStart >= 0) || double.IsInfinity(WindowStart))
            Bad("--window", $"expected a start ≥ 0 in {unit}, found {F(WindowStart)}");
        else if (!(WindowEnd > WindowStart))
            Bad("--window", $"expected an end after the start ({F(WindowStart)} {unit}), found {F(WindowEnd)}");
        else if (format == TraceFormat.Azure2019 && (!IsWhole(WindowStart) || (double.IsFinite(WindowEnd) && !IsWhole(WindowEnd))))
            Bad("--window", $"expected whole minutes for azure2019, found {F(WindowStart)}:{F(WindowEnd)}");
        if (Models < 1 || Models > MaxModels) Bad(Mapping == FunctionMapping.Top ? "--map" : "--models", $"expected 1 to {MaxModels} models, found {Models}");
        if (SlosS.Count != 1 && SlosS.Count != Models) Bad("--slos", $"expected one SLO for every model or one per model ({Models}), found {SlosS.Count}");
        foreach (double s in SlosS)
            if (!(s > 0) || double.IsInfinity(s)) Bad("--slos", $"expected positive SLOs in seconds, found {F(s)}");
        if (Name.Length == 0 || Name.IndexOfAny([',', '"', '\n', '\r']) >= 0) Bad("--name", $"expected a name without commas, quotes or newlines, found \"{Name}\"");
        try { Scale.Validate(); }
        catch (InputException e) { errors.AddRange(e.Errors); }
        if (errors.Count > 0) throw new InputException(errors);
    }

    private static bool IsWhole(double x) => x == Math.Floor(x);

    internal static string F(double x) => x.ToString("R", CultureInfo.InvariantCulture);
}
