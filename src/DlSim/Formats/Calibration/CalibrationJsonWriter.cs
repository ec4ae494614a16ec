using System.Text.Json;
using DlSim.Analysis.Calibration;
using DlSim.Formats.Files;
using DlSim.Formats.Json;
using DlSim.Foundation;
using DlSim.Model;

namespace DlSim.Formats.Calibration;

/// <summary>Writes a <see cref="TimingCalibration"/> as the documented JSON (docs/calibration.md), atomically.</summary>
public static class CalibrationJsonWriter
{
    public static void Write(TimingCalibration calibration, string path) => AtomicFile.Write(path, s => Write(calibration, s));

    public static void Write(TimingCalibration calibration, Stream stream)
    {
        JsonDocumentWriter.Write(stream, w =>
        {
            w.WriteStartObject();
            w.WriteString("format", CalibrationJson.Format);
            w.WriteNumber("version", CalibrationJson.Version);
            w.WriteNumber("straggler_threshold", CalibrationFitter.StragglerThreshold);
            w.WriteString("handoff", EnumNames.Of(calibration.Handoff));
            w.WriteNumber("profile_bias_sigma", calibration.ProfileBiasSigma);
            w.WriteStartArray("traces");
            foreach (var t in calibration.Traces)
            {
                w.WriteStartObject();
                w.WriteString("trace", t.Trace);
                w.WriteString("workload", t.Workload);
                w.WriteString("placement", t.Placement);
                w.WriteNumber("requests", t.Requests);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteStartArray("executables");
            foreach (var e in calibration.Executables) WriteExecutable(w, e);
            w.WriteEndArray();
            w.WriteStartArray("families");
            foreach (var f in calibration.Families) WriteFamily(w, f);
            w.WriteEndArray();
            w.WriteEndObject();
        });
    }

    private static void WriteExecutable(Utf8JsonWriter w, ExecutableCalibration e)
    {
        w.WriteStartObject();
        w.WriteString("executable", e.Executable);
        w.WriteStartArray("traces");
        foreach (string t in e.Traces) w.WriteStringValue(t);
        w.WriteEndArray();
        w.WriteStartArray("stages");
        foreach (var s in e.Stages)
        {
            w.WriteStartObject();
            w.WriteNumber("stage", s.Stage);
            w.WriteNumber("latency_s", s.LatencyS);
            w.WriteNumber("busy_latency_s", s.BusyLatencyS);
            w.WriteNumber("busy_gap_s", s.BusyGapS);
            w.WriteNumber("idle_delay_s", s.IdleDelayS);
            w.WriteNumberOrNull("freed_gap_s", s.FreedGapS);
            w.WriteNumber("log_sigma", s.LogSigma);
            w.WriteNumber("level_sigma", s.LevelSigma);
            w.WriteNumber("straggler_probability", s.StragglerProbability);
            w.WriteNumber("straggler_factor", s.StragglerFactor);
            w.WriteNumber("pause_probability", s.PauseProbability);
            w.WriteStartArray("pause_durations_s");
            foreach (double d in s.PauseDurationsS) w.WriteNumberValue(d);
            w.WriteEndArray();
            w.WriteString("busy_gap_from", s.BusyGapFrom);
            w.WriteString("idle_delay_from", s.IdleDelayFrom);
            if (s.Counts is { } c)
            {
                w.WriteNumber("runs", c.Runs);
                w.WriteNumber("idle_runs", c.IdleRuns);
                w.WriteNumber("busy_runs", c.BusyRuns);
                w.WriteNumber("stragglers", c.Stragglers);
                w.WriteNumber("busy_gap_samples", c.BusyGapSamples);
                w.WriteNumber("idle_delay_samples", c.IdleDelaySamples);
                w.WriteNumber("blocked_runs", c.BlockedRuns);
                w.WriteNumber("freed_gap_samples", c.FreedGapSamples);
                w.WriteNumber("pauses", c.Pauses);
            }
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void WriteFamily(Utf8JsonWriter w, FamilyCalibration f)
    {
        w.WriteStartObject();
        w.WriteString("family", f.Family);
        w.WriteStartArray("executables");
        foreach (string e in f.Executables) w.WriteStringValue(e);
        w.WriteEndArray();
        w.WriteNumberOrNull("busy_gap_s", f.BusyGapS);
        w.WriteNumberOrNull("later_busy_gap_s", f.LaterBusyGapS);
        w.WriteNumberOrNull("idle_delay_s", f.IdleDelayS);
        w.WriteNumber("log_sigma", f.LogSigma);
        w.WriteNumber("level_sigma", f.LevelSigma);
        w.WriteNumber("straggler_probability", f.StragglerProbability);
        w.WriteNumber("straggler_factor", f.StragglerFactor);
        w.WriteEndObject();
    }
}
