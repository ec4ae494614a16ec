using System.Globalization;

namespace DlSim.Metrics;

/// <summary>A result that comes out NaN or infinite is an error, never a success: this finds the first such figure.</summary>
public static class ReportChecks
{
    /// <summary>"the mean latency of model 0 (Infinity)", or null when every figure that should be a number is finite
    /// (figures of a model without requests are NaN by definition and are skipped).</summary>
    public static string? FirstNonFinite(SimulationReport report)
    {
        if (report.Requests > 0 && !double.IsFinite(report.SpanS)) return Name("the span", report.SpanS);
        if (Check(report.Overall, "all models") is string overall) return overall;
        foreach (var m in report.Models)
            if (Check(m.Latency, $"model {m.ModelId}") is string problem) return problem;
        foreach (var g in report.Gpus)
            if (!double.IsFinite(g.BusyS)) return Name($"the busy time of GPU {g.Gpu} of node {g.Node}", g.BusyS);
        return null;
    }

    private static string? Check(LatencySummary s, string who)
    {
        if (s.Requests == 0) return null;
        if (!double.IsFinite(s.MeanS)) return Name($"the mean latency of {who}", s.MeanS);
        if (!double.IsFinite(s.MaxS)) return Name($"the max latency of {who}", s.MaxS);
        if (!double.IsFinite(s.P99S)) return Name($"the p99 latency of {who}", s.P99S);
        return null;
    }

    private static string Name(string what, double value) => $"{what} ({value.ToString(CultureInfo.InvariantCulture)})";
}
