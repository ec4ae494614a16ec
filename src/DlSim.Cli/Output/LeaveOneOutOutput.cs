using System.Globalization;
using System.Text.Json;
using DlSim.Analysis;
using DlSim.Analysis.Calibration;
using DlSim.Formats.Reports;

namespace DlSim.Cli.Output;

/// <summary><c>calibrate --leave-one-out</c>: one row per held-out trace (table, ms), or the <c>"leave_one_out"</c> array of <see cref="ValidationOutput.WriteJson"/> (JSON, seconds).</summary>
public static class LeaveOneOutOutput
{
    public static void WriteTable(IReadOnlyList<HeldOutComparison> heldOut, TextWriter w)
    {
        var table = new TextTable("held_out_trace", "mean_abs_err_ms", "seed", "max_abs_err_ms", "seed", "within_10ms", "seed",
            "mean_ms sim/real", "p99_ms sim/real", "borrowed");
        foreach (var h in heldOut)
        {
            var (c, s) = (h.Calibrated, h.Seed);
            table.Add(Path.GetFileName(h.Trace), ReportTables.Ms(c.MeanAbsErrorS), ReportTables.Ms(s.MeanAbsErrorS), ReportTables.Ms(c.MaxAbsErrorS),
                ReportTables.Ms(s.MaxAbsErrorS), ReportTables.Percent(c.FractionWithin10Ms), ReportTables.Percent(s.FractionWithin10Ms),
                $"{ReportTables.Ms(c.Latency.SimMeanS)} / {ReportTables.Ms(c.Latency.RealMeanS)}",
                $"{ReportTables.Ms(c.Latency.SimP99S)} / {ReportTables.Ms(c.Latency.RealP99S)}",
                h.Borrowed.Count == 0 ? "-" : string.Join(", ", h.Borrowed));
        }
        w.WriteLine();
        w.WriteLine("leave-one-out: each trace against a calibration fitted on the others; \"seed\" columns: the seed's model on the same inputs");
        w.WriteLine();
        table.WriteTo(w);
    }

    /// <summary>The <c>"leave_one_out"</c> array, inside an object the caller opened.</summary>
    public static void WriteEntries(Utf8JsonWriter w, IReadOnlyList<HeldOutComparison> heldOut)
    {
        w.WriteStartArray("leave_one_out");
        foreach (var h in heldOut)
        {
            w.WriteStartObject();
            w.WriteString("trace", h.Trace);
            WritePair(w, h.Borrowed, h.Calibrated, h.Seed);
            w.WriteEndObject();
        }
        w.WriteEndArray();
    }

    /// <summary><c>"borrowed": [...], "calibrated": {...}, "seed": {...}</c>: a held-out comparison's fields, inside an object the caller opened.</summary>
    public static void WritePair(Utf8JsonWriter w, IEnumerable<string> borrowed, ComparisonReport calibrated, ComparisonReport seed)
    {
        w.WriteStartArray("borrowed");
        foreach (string b in borrowed) w.WriteStringValue(b);
        w.WriteEndArray();
        w.WriteStartObject("calibrated");
        ComparisonJson.WriteFields(w, calibrated);
        w.WriteEndObject();
        w.WriteStartObject("seed");
        ComparisonJson.WriteFields(w, seed);
        w.WriteEndObject();
    }
}
