using System.Globalization;
using System.Text.Json;
using DlSim.Analysis;
using DlSim.Analysis.Calibration;
using DlSim.Formats.Json;
using DlSim.Formats.Reports;

namespace DlSim.Cli.Output;

/// <summary>
/// <c>calibrate --validate-on / --time-split</c>: one row per validation (table, ms), or <c>{"validation": [...]}</c> beside
/// <c>"leave_one_out"</c> (JSON, seconds).
/// </summary>
public static class ValidationOutput
{
    public static void WriteTable(IReadOnlyList<ValidationResult> results, TextWriter w)
    {
        var table = new TextTable("validated_on", "from_s", "mean_abs_err_ms", "seed", "within_10ms", "seed", "wasserstein1_ms", "seed",
            "mean_ms sim/real", "p99_ms sim/real", "borrowed");
        foreach (var v in results)
        {
            var (c, s) = (v.Calibrated, v.Seed);
            table.Add(Path.GetFileName(v.Trace), v.FromS is double from ? from.ToString("F3", CultureInfo.InvariantCulture) : "-",
                ReportTables.Ms(c.MeanAbsErrorS), ReportTables.Ms(s.MeanAbsErrorS), ReportTables.Percent(c.FractionWithin10Ms), ReportTables.Percent(s.FractionWithin10Ms),
                ReportTables.Ms(c.Overall.Wasserstein1S), ReportTables.Ms(s.Overall.Wasserstein1S),
                $"{ReportTables.Ms(c.Latency.SimMeanS)} / {ReportTables.Ms(c.Latency.RealMeanS)} ({Delta(c.Latency.SimMeanS, c.Latency.RealMeanS)})",
                $"{ReportTables.Ms(c.Latency.SimP99S)} / {ReportTables.Ms(c.Latency.RealP99S)} ({Delta(c.Latency.SimP99S, c.Latency.RealP99S)})",
                v.Borrowed.Count == 0 ? "-" : string.Join(", ", v.Borrowed));
        }
        w.WriteLine();
        w.WriteLine("validation on data not fitted on (--validate-on: whole traces; --time-split: requests from from_s on, fitted before it); " +
                    "\"seed\" columns: the original tool's model on the same inputs");
        w.WriteLine();
        table.WriteTo(w);
    }

    /// <summary>Simulated against real, signed percent of real.</summary>
    private static string Delta(double sim, double real) =>
        double.IsFinite(sim) && double.IsFinite(real) && real != 0 ? ((sim - real) / real).ToString("+0.00 %;-0.00 %", CultureInfo.InvariantCulture) : "-";

    /// <summary><c>{"leave_one_out": [...], "validation": [...]}</c>, each present when it was asked for.</summary>
    public static void WriteJson(IReadOnlyList<HeldOutComparison>? heldOut, IReadOnlyList<ValidationResult>? validation, Stream stream)
    {
        JsonDocumentWriter.Write(stream, w =>
        {
            w.WriteStartObject();
            if (heldOut is not null) LeaveOneOutOutput.WriteEntries(w, heldOut);
            if (validation is not null) WriteEntries(w, validation);
            w.WriteEndObject();
        });
    }

    private static void WriteEntries(Utf8JsonWriter w, IReadOnlyList<ValidationResult> results)
    {
        w.WriteStartArray("validation");
        foreach (var v in results)
        {
            w.WriteStartObject();
            w.WriteString("trace", v.Trace);
            if (v.FromS is double from) w.WriteNumber("from_s", from);
            else w.WriteNull("from_s");
            LeaveOneOutOutput.WritePair(w, v.Borrowed, v.Calibrated, v.Seed);
            w.WriteEndObject();
        }
        w.WriteEndArray();
    }
}
