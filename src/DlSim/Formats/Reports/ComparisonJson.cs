using System.Text.Json;
using DlSim.Analysis;
using DlSim.Formats.Files;
using DlSim.Formats.Json;
using DlSim.Metrics;

namespace DlSim.Formats.Reports;

/// <summary>
/// <c>compare --json</c>: <c>{"requests", "events", "mean_abs_error_s", "max_abs_error_s", "fraction_within_10ms",
/// "events_over_10ms", "stages": [...], "latency": {...}, "latency_distribution": [...], "worst_events": [...]}</c>, snake_case, seconds. Undefined figures
/// (no events) are null. <c>latency_distribution</c>: all requests (<c>"model": null</c>) then each model, with
/// <c>wasserstein1_s</c> and <c>max_cdf_gap</c> between the simulated and the real latency distributions. A worst event's <c>error_s</c> is simulated − real (listed by its absolute value).
/// </summary>
public static class ComparisonJson
{
    public static void Write(ComparisonReport report, string path) => AtomicFile.Write(path, s => Write(report, s));

    public static void Write(ComparisonReport report, Stream stream)
    {
        JsonDocumentWriter.Write(stream, w =>
        {
            w.WriteStartObject();
            WriteFields(w, report);
            w.WriteEndObject();
        });
    }

    /// <summary>The report's fields, inside an object the caller opened.</summary>
    public static void WriteFields(Utf8JsonWriter w, ComparisonReport report)
    {
        w.WriteNumber("requests", report.Requests);
        w.WriteNumber("events", report.Events);
        w.WriteNumberOrNull("mean_abs_error_s", report.MeanAbsErrorS);
        w.WriteNumberOrNull("max_abs_error_s", report.MaxAbsErrorS);
        w.WriteNumberOrNull("fraction_within_10ms", report.FractionWithin10Ms);
        w.WriteNumber("events_over_10ms", report.EventsOver10Ms);
        w.WriteStartArray("stages");
        foreach (var s in report.Stages)
        {
            w.WriteStartObject();
            w.WriteNumber("stage", s.Stage);
            w.WriteNumberOrNull("start_mean_abs_error_s", s.StartMeanAbsErrorS);
            w.WriteNumberOrNull("start_max_abs_error_s", s.StartMaxAbsErrorS);
            w.WriteNumberOrNull("end_mean_abs_error_s", s.EndMeanAbsErrorS);
            w.WriteNumberOrNull("end_max_abs_error_s", s.EndMaxAbsErrorS);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteStartObject("latency");
        var l = report.Latency;
        w.WriteNumberOrNull("sim_mean_s", l.SimMeanS);
        w.WriteNumberOrNull("real_mean_s", l.RealMeanS);
        w.WriteNumberOrNull("sim_p99_s", l.SimP99S);
        w.WriteNumberOrNull("real_p99_s", l.RealP99S);
        w.WriteEndObject();
        w.WriteStartArray("latency_distribution");
        foreach (var d in report.Distributions)
        {
            w.WriteStartObject();
            if (d.Model is int model) w.WriteNumber("model", model);
            else w.WriteNull("model");
            w.WriteNumber("requests", d.Requests);
            w.WriteNumberOrNull("wasserstein1_s", d.Wasserstein1S);
            w.WriteNumberOrNull("max_cdf_gap", d.MaxCdfGap);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteStartArray("worst_events");
        foreach (var e in report.WorstEvents)
        {
            w.WriteStartObject();
            w.WriteNumber("request", e.Request);
            w.WriteNumber("model", e.Model);
            w.WriteNumber("stage", e.Stage);
            w.WriteString("event", e.Event);
            w.WriteNumberOrNull("simulated_s", e.SimulatedS);
            w.WriteNumberOrNull("real_s", e.RealS);
            w.WriteNumberOrNull("error_s", e.ErrorS);
            w.WriteEndObject();
        }
        w.WriteEndArray();
    }
}
