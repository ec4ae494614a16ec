using System.Text.Json;
using DlSim.Formats.Json;
using DlSim.Metrics;

namespace DlSim.Formats.Reports;

/// <summary>Bands over replications (<see cref="MetricBand"/>) in the JSON of simulate and compare.</summary>
public static class MetricBandsJson
{
    /// <summary><c>"metrics": [{"name", "mean", "low", "high"}, ...]</c> in seconds and fractions.</summary>
    public static void Write(Utf8JsonWriter w, string property, IReadOnlyList<MetricBand> bands)
    {
        w.WriteStartArray(property);
        foreach (var b in bands)
        {
            w.WriteStartObject();
            w.WriteString("name", b.JsonName);
            w.WriteNumberOrNull("mean", b.Mean);
            w.WriteNumberOrNull("low", b.Low);
            w.WriteNumberOrNull("high", b.High);
            w.WriteEndObject();
        }
        w.WriteEndArray();
    }
}
