using System.Text.Json;
using DlSim.Formats.Files;
using DlSim.Formats.Json;
using DlSim.Metrics;
using DlSim.Model;

namespace DlSim.Formats.Reports;

/// <summary>
/// <c>simulate --json</c>: <c>{"requests", "span_s", "overall": {...}, "models": [...], "gpus": [...]}</c>,
/// snake_case, seconds. Figures of an empty set of requests are null.
/// </summary>
public static class SimulationReportJson
{
    public static void Write(SimulationReport report, string path) => AtomicFile.Write(path, s => Write(report, s));

    public static void Write(SimulationReport report, Stream stream)
    {
        JsonDocumentWriter.Write(stream, w =>
        {
            w.WriteStartObject();
            w.WriteNumber("requests", report.Requests);
            w.WriteNumber("span_s", report.SpanS);
            w.WriteNumberOrNull("throughput_rps", report.ThroughputRps);
            w.WriteNumber("trim_s", report.TrimS);
            w.WritePropertyName("overall");
            w.WriteStartObject();
            w.WriteNumber("requests", report.Overall.Requests);
            WriteFigures(w, report.Overall);
            WriteOutcome(w, report.Dropped, report.Unserved, report.GoodputRps, report.Attainment, report.MeanQueueingS, report.MeanExecutionS);
            w.WriteEndObject();
            w.WriteStartArray("models");
            foreach (var m in report.Models)
            {
                w.WriteStartObject();
                w.WriteNumber("model_id", m.ModelId);
                w.WriteString("service", m.Service);
                w.WriteNumber("requests", m.Latency.Requests);
                w.WriteNumberOrNull("throughput_rps", m.ThroughputRps);
                WriteFigures(w, m.Latency);
                WriteOutcome(w, m.Dropped, m.Unserved, m.GoodputRps, m.Attainment, m.MeanQueueingS, m.MeanExecutionS);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteStartArray("gpus");
            foreach (var g in report.Gpus)
            {
                w.WriteStartObject();
                w.WriteNumber("node", g.Node);
                w.WriteNumber("gpu", g.Gpu);
                w.WriteNumber("busy_s", g.BusyS);
                w.WriteNumber("utilization", g.Utilization);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteStartArray("replicas");
            foreach (var r in report.Replicas)
            {
                w.WriteStartObject();
                w.WriteNumber("replica", r.Replica);
                w.WriteString("service", r.Service);
                w.WriteString("executable", r.Executable);
                w.WriteNumber("completed", r.Completed);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            if (report.Timeline is { } t)
            {
                w.WriteStartObject("utilization_timeline");
                w.WriteNumber("bin_s", t.BinS);
                w.WriteStartArray("gpus");
                foreach (var gpu in t.ByGpu)
                {
                    w.WriteStartArray();
                    foreach (double x in gpu) w.WriteNumberValue(Math.Round(x, 6));
                    w.WriteEndArray();
                }
                w.WriteEndArray();
                w.WriteEndObject();
            }
            w.WriteEndObject();
        });
    }

    /// <summary>What happened to the requests (the same fields overall and per model).</summary>
    private static void WriteOutcome(Utf8JsonWriter w, long dropped, long unserved, double goodputRps, double attainment, double queueingS, double executionS)
    {
        w.WriteNumber("dropped", dropped);
        w.WriteNumber("unserved", unserved);
        w.WriteNumberOrNull("goodput_rps", goodputRps);
        w.WriteNumberOrNull("attainment", attainment);
        w.WriteNumberOrNull("mean_queueing_s", queueingS);
        w.WriteNumberOrNull("mean_execution_s", executionS);
    }

    private static void WriteFigures(Utf8JsonWriter w, LatencySummary s)
    {
        w.WriteNumberOrNull("mean_s", s.MeanS);
        w.WriteNumberOrNull("p50_s", s.P50S);
        w.WriteNumberOrNull("p90_s", s.P90S);
        w.WriteNumberOrNull("p99_s", s.P99S);
        w.WriteNumberOrNull("max_s", s.MaxS);
        w.WriteNumberOrNull("completed_within_slo", s.CompletedWithinSlo);
        w.WriteBoolean("percentiles_exact", !s.Approximate);
    }

    /// <summary>JSON has no NaN: an undefined figure is written as null (as <see cref="JsonWriterExtensions.WriteNumberOrNull"/>).</summary>
    public static void Number(Utf8JsonWriter w, string name, double value) => w.WriteNumberOrNull(name, value);
}
