using Xunit;
using DlSim.Analysis.Calibration;
using DlSim.Formats.Calibration;
using DlSim.Formats.Json;
using DlSim.Foundation;

namespace DlSim.Tests.Analysis.Calibration;

/// <summary>The optional load-dependent figures of a calibration file: freed gap and pauses (absent in older files).</summary>
public class CalibrationJsonLoadTermsTests
{
    private const string Stage = """{ "stage": 0, "latency_s": 0.0094, "busy_gap_s": 0.0025, "idle_delay_s": 0 STAGE_EXTRA }""";

    private static string File(string extra) => $$"""
        {
          "format": "dlsim-calibration",
          "version": 1,
          "executables": [
            {
              "executable": "Bert_125M_2_device_inter",
              "stages": [
                {{Stage.Replace("STAGE_EXTRA", extra)}}
              ]
            }
          ]
        }
        """;

    private static TimingCalibration Parse(string json) =>
        CalibrationJson.Parse(JsonNode.Parse(System.Text.Encoding.UTF8.GetBytes(json), "cal.json"), "cal.json");

    [Fact]
    public void A_file_without_them_has_no_freed_gap_and_no_pauses()
    {
        var stage = Parse(File("")).Executables[0].Stages[0];
        Assert.True(double.IsNaN(stage.FreedGapS));
        Assert.Equal(0, stage.PauseProbability);
        Assert.Empty(stage.PauseDurationsS);
    }

    [Fact]
    public void They_read_as_written()
    {
        var stage = Parse(File(""", "freed_gap_s": 0.0026, "pause_probability": 0.0003, "pause_durations_s": [0.071]""")).Executables[0].Stages[0];
        Assert.Equal(0.0026, stage.FreedGapS);
        Assert.Equal(0.0003, stage.PauseProbability);
        Assert.Equal([0.071], stage.PauseDurationsS);
        Assert.True(double.IsNaN(Parse(File(""", "freed_gap_s": null""")).Executables[0].Stages[0].FreedGapS));
    }

    [Theory]
    [InlineData(""", "freed_gap_s": -1""", "expected \"freed_gap_s\" of stage 0 of Bert_125M_2_device_inter to be seconds ≥ 0, at most 1e12, or null, found the number -1")]
    [InlineData(""", "pause_durations_s": [0.07, 0]""", "expected each of \"pause_durations_s\" of stage 0 of Bert_125M_2_device_inter to be seconds > 0, at most 1e12, found the number 0")]
    [InlineData(""", "pause_probability": 0.01""", "expected \"pause_durations_s\" to list at least one pause in stage 0 of Bert_125M_2_device_inter since its pause_probability is 0.01, found none")]
    [InlineData(""", "pause_probability": 1.5, "pause_durations_s": [0.07]""", "expected \"pause_probability\" of stage 0 of Bert_125M_2_device_inter to be a probability in [0, 1], found the number 1.5")]
    public void A_bad_figure_is_one_error_at_its_stage(string extra, string message)
    {
        var e = Assert.Single(Assert.Throws<InputException>(() => Parse(File(extra))).Errors);
        Assert.Equal(8, e.Line);
        Assert.Equal(message, e.Message);
    }
}
