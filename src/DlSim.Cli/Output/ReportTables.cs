using System.Globalization;
using DlSim.Metrics;

namespace DlSim.Cli.Output;

/// <summary>The human-readable form of a <see cref="SimulationReport"/>.</summary>
public static class ReportTables
{
    public static void Write(SimulationReport report, TextWriter w)
    {
        var latency = new TextTable("model", "service", "requests", "throughput_rps", "mean_ms", "p50_ms", "p90_ms", "p99_ms", "max_ms", "slo_attainment");
        foreach (var m in report.Models) latency.Add(Row(m.ModelId.ToString(CultureInfo.InvariantCulture), m.Service, m.Latency, m.ThroughputRps));
        latency.Add(Row("all", "", report.Overall, report.ThroughputRps));
        latency.WriteTo(w);
        w.WriteLine();
        var gpus = new TextTable("gpu", "busy_s", "utilization");
        foreach (var g in report.Gpus)
            gpus.Add($"node {g.Node} / gpu {g.Gpu}", g.BusyS.ToString("F3", CultureInfo.InvariantCulture), Percent(g.Utilization));
        gpus.WriteTo(w);
        w.WriteLine(string.Create(CultureInfo.InvariantCulture, $"span: {report.SpanS:F3} s"));
        if (report.Overall.Approximate)
            w.WriteLine($"percentiles from a sketch (relative error ≤ {LogHistogram.RelativeError:P1}); mean, max and SLO attainment are exact");
    }

    private static string[] Row(string model, string service, LatencySummary s, double throughput) =>
        [model, service, s.Requests.ToString(CultureInfo.InvariantCulture), Fixed(throughput), Ms(s.MeanS), Ms(s.P50S), Ms(s.P90S), Ms(s.P99S), Ms(s.MaxS), Percent(s.SloAttainment)];

    public static string Fixed(double x) =>
        double.IsFinite(x) ? x.ToString("F3", CultureInfo.InvariantCulture) : "-";

    public static string Ms(double seconds) =>
        double.IsFinite(seconds) ? (seconds * 1000).ToString("F3", CultureInfo.InvariantCulture) : "-";

    public static string Percent(double fraction) =>
        double.IsFinite(fraction) ? (fraction * 100).ToString("F2", CultureInfo.InvariantCulture) + " %" : "-";
}
