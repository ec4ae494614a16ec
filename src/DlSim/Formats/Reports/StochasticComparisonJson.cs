using DlSim.Analysis.Calibration;
using DlSim.Formats.Json;
using DlSim.Metrics;

namespace DlSim.Formats.Reports;

/// <summary>The JSON of <c>compare --stochastic</c>: the bands over replications and where the real run falls.</summary>
public static class StochasticComparisonJson
{
    /// <summary><c>{"replications", "seed", "band", "metrics": [...], "real_latency": {...}, "real_mean_inside_band", "real_p99_inside_band"}</c>.</summary>
    public static void Write(StochasticComparisonReport report, Stream stream)
    {
        JsonDocumentWriter.Write(stream, w =>
        {
            w.WriteStartObject();
            w.WriteNumber("replications", report.Replications);
            w.WriteNumber("seed", report.Seed);
            w.WriteString("band", $"{MetricBands.LowPercentile}-{MetricBands.HighPercentile} percentile over replications");
            MetricBandsJson.Write(w, "metrics", report.Bands);
            w.WriteStartObject("real_latency");
            w.WriteNumberOrNull("mean_s", report.RealMeanS);
            w.WriteNumberOrNull("p99_s", report.RealP99S);
            w.WriteEndObject();
            w.WriteBoolean("real_mean_inside_band", report.RealMeanInside);
            w.WriteBoolean("real_p99_inside_band", report.RealP99Inside);
            w.WriteEndObject();
        });
    }
}
