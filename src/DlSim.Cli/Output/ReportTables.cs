using System.Globalization;
using DlSim.Metrics;
using DlSim.Model;

namespace DlSim.Cli.Output;

/// <summary>The human-readable form of a <see cref="SimulationReport"/>.</summary>
public static class ReportTables
{
    public static void Write(SimulationReport report, TextWriter w)
    {
        var tables = Tables(report);
        for (int i = 0; i < tables.Count; i++)
        {
            if (i > 0) w.WriteLine();
            tables[i].Table.WriteTo(w);
        }
        foreach (string note in Notes(report)) w.WriteLine(note);
    }

    /// <summary>Latency per model, outcomes per model, completions per replica, busy time per GPU.</summary>
    public static IReadOnlyList<(string Caption, TextTable Table)> Tables(SimulationReport report)
    {
        var latency = new TextTable("model", "service", "requests", "throughput_rps", "mean_ms", "p50_ms", "p90_ms", "p99_ms", "max_ms", "completed_within_slo");
        foreach (var m in report.Models) latency.Add(Row(m.ModelId.ToString(CultureInfo.InvariantCulture), m.Service, m.Latency, m.ThroughputRps));
        latency.Add(Row("all", "", report.Overall, report.ThroughputRps));
        var outcome = new TextTable("model", "dropped", "unserved", "goodput_rps", "attainment", "queueing_ms", "execution_ms");
        foreach (var m in report.Models)
            outcome.Add(OutcomeRow(m.ModelId.ToString(CultureInfo.InvariantCulture), m.Dropped, m.Unserved, m.GoodputRps, m.Attainment, m.MeanQueueingS, m.MeanExecutionS));
        outcome.Add(OutcomeRow("all", report.Dropped, report.Unserved, report.GoodputRps, report.Attainment, report.MeanQueueingS, report.MeanExecutionS));
        var replicas = new TextTable("replica", "service", "executable", "completed");
        foreach (var r in report.Replicas)
            replicas.Add(r.Replica.ToString(CultureInfo.InvariantCulture), r.Service, r.Executable, r.Completed.ToString(CultureInfo.InvariantCulture));
        var gpus = new TextTable("gpu", "busy_s", "utilization");
        foreach (var g in report.Gpus)
            gpus.Add($"node {g.Node} / gpu {g.Gpu}", g.BusyS.ToString("F3", CultureInfo.InvariantCulture), Percent(g.Utilization));
        return [("Latency per model", latency), ("Outcome per model", outcome), ("Completions per replica", replicas), ("Busy time per GPU", gpus)];
    }

    /// <summary>The span measured and, when percentiles come from a sketch, how exact they are.</summary>
    public static IReadOnlyList<string> Notes(SimulationReport report)
    {
        var notes = new List<string>
        {
            string.Create(CultureInfo.InvariantCulture, $"span: {report.SpanS:F3} s") +
            (report.TrimS > 0 ? string.Create(CultureInfo.InvariantCulture, $" (requests arriving in the first and last {report.TrimS} s left out)") : ""),
        };
        if (report.Overall.Approximate)
            notes.Add($"percentiles from a sketch (relative error ≤ {LogHistogram.RelativeError:P1}); mean, max and SLO attainment are exact");
        return notes;
    }

    private static string[] Row(string model, string service, LatencySummary s, double throughput) =>
        [model, service, s.Requests.ToString(CultureInfo.InvariantCulture), Fixed(throughput), Ms(s.MeanS), Ms(s.P50S), Ms(s.P90S), Ms(s.P99S), Ms(s.MaxS), Percent(s.CompletedWithinSlo)];

    private static string[] OutcomeRow(string model, long dropped, long unserved, double goodputRps, double attainment, double queueingS, double executionS) =>
        [model, dropped.ToString(CultureInfo.InvariantCulture), unserved.ToString(CultureInfo.InvariantCulture), Fixed(goodputRps), Percent(attainment), Ms(queueingS), Ms(executionS)];

    public static string Fixed(double x) =>
        double.IsFinite(x) ? x.ToString("F3", CultureInfo.InvariantCulture) : "-";

    public static string Ms(double seconds) =>
        double.IsFinite(seconds) ? (seconds * 1000).ToString("F3", CultureInfo.InvariantCulture) : "-";

    /// <summary>Bytes as GB (GiB, 2³⁰ bytes, as GPU memory is quoted), three decimals.</summary>
    public static string Gb(long bytes) => (bytes / (double)Placement.MemoryCheck.BytesPerGb).ToString("F3", CultureInfo.InvariantCulture);

    public static string Percent(double fraction) =>
        double.IsFinite(fraction) ? (fraction * 100).ToString("F2", CultureInfo.InvariantCulture) + " %" : "-";
}
