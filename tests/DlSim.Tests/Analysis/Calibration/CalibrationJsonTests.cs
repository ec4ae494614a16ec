using Xunit;
using DlSim.Analysis.Calibration;
using DlSim.Formats.Calibration;
using DlSim.Formats.Json;
using DlSim.Foundation;
using DlSim.Model;

namespace DlSim.Tests.Analysis.Calibration;

/// <summary>The calibration file: written atomically, read back to the same figures, and every problem reported as file:line.</summary>
public class CalibrationJsonTests
{
    private const string Minimal = """
        {
          "format": "dlsim-calibration",
          "version": 1,
          "executables": [
            {
              "executable": "Bert_2.6B_1_device",
              "stages": [
                { "stage": 0, "latency_s": 0.145, "busy_gap_s": 0.0038, "idle_delay_s": 0 }
              ]
            }
          ]
        }
        """;

    private static TimingCalibration Parse(string json, string file = "cal.json") =>
        CalibrationJson.Parse(JsonNode.Parse(System.Text.Encoding.UTF8.GetBytes(json), file), file);

    private static InputError[] Errors(string json) => [.. Assert.Throws<InputException>(() => Parse(json)).Errors];

    [Fact]
    public void Written_file_reads_back_and_rewrites_byte_for_byte()
    {
        using var dir = new TempDir();
        string path = dir.File("cal.json");
        CalibrationJsonWriter.Write(CalibrationCases.All, path);

        var read = CalibrationJson.Read(path);
        using var again = new MemoryStream();
        CalibrationJsonWriter.Write(read, again);

        Assert.Equal(File.ReadAllBytes(path), again.ToArray());
        Assert.Equal(CalibrationCases.All.Executables.Select(e => e.Executable), read.Executables.Select(e => e.Executable));
        Assert.Equal(CalibrationCases.All.Executables[0].Stages[0].LatencyS, read.Executables[0].Stages[0].LatencyS);
        Assert.Equal(["cal.json"], Directory.GetFiles(dir.Path).Select(Path.GetFileName));
    }

    [Fact]
    public void Hand_off_is_blocking_unless_the_file_says_immediate_and_anything_else_is_an_error_at_its_line()
    {
        Assert.Equal(PipelineHandoff.Blocking, Parse(Minimal).Handoff);
        string immediate = Minimal.Replace("\"version\": 1,", "\"version\": 1, \"handoff\": \"immediate\",");
        Assert.Equal(PipelineHandoff.Immediate, Parse(immediate).Handoff);

        var e = Assert.Single(Errors(Minimal.Replace("\"version\": 1,", "\"version\": 1,\n\"handoff\": \"eager\",")));
        Assert.Equal(4, e.Line);
        Assert.Equal("expected handoff blocking or immediate, found the string \"eager\"", e.Message);
    }

    [Fact]
    public void An_immediate_hand_off_calibration_leaves_every_sender_free_at_its_end()
    {
        var c = Parity.ParityCase.All[1]; // interop: two-stage replicas
        var w = c.LoadWorkload();
        var d = c.Deploy(w);
        var blocking = CalibratedTiming.For(CalibrationCases.All, d);
        var immediate = CalibratedTiming.For(CalibrationCases.All with { Handoff = PipelineHandoff.Immediate }, d);

        Assert.True(blocking.For("Bert_2.6B_2_device_inter", 0)!.BlockingHandoff);
        Assert.False(immediate.For("Bert_2.6B_2_device_inter", 0)!.BlockingHandoff);
        Assert.True(double.IsNaN(new DlSim.Serving.ServingLayout(d, DlSim.Serving.DispatchOverhead.Seed, timing: immediate).SlotHandoffS[0]));
        Assert.Equal(0.003371358 - 0, new DlSim.Serving.ServingLayout(d, DlSim.Serving.DispatchOverhead.Seed, timing: blocking).SlotHandoffS[0], 1e-12);
    }

    [Fact]
    public void A_hand_written_file_needs_only_latency_gap_and_delay()
    {
        var stage = Parse(Minimal).Executables[0].Stages[0];

        Assert.Equal(0.145, stage.LatencyS);
        Assert.Equal(0.145, stage.BusyLatencyS);
        Assert.Equal(0, stage.LogSigma);
        Assert.Equal(0, stage.StragglerProbability);
        Assert.Equal(1, stage.StragglerFactor);
        Assert.Null(stage.Counts);
        Assert.Equal(8, stage.Line);
    }

    [Fact]
    public void Every_problem_is_reported_with_its_line()
    {
        string json = Minimal
            .Replace("\"latency_s\": 0.145", "\"latency_s\": -1")
            .Replace("\"idle_delay_s\": 0 }", "\"idle_delay_s\": 0, \"straggler_probability\": 2, \"colour\": 1 }")
            .Replace("\"version\": 1", "\"version\": 2");

        var errors = Errors(json);

        Assert.All(errors, e => Assert.Equal("cal.json", e.File));
        Assert.Contains(errors, e => e.Line == 3 && e.Message == "expected \"version\" of the calibration to be 1, found the number 2");
        Assert.Contains(errors, e => e.Line == 8 && e.Message.StartsWith("expected \"latency_s\" of stage 0 of Bert_2.6B_1_device to be seconds > 0, at most 1e12, found the number -1"));
        Assert.Contains(errors, e => e.Line == 8 && e.Message.Contains("a probability in [0, 1], found the number 2"));
        Assert.Contains(errors, e => e.Line == 8 && e.Message.Contains("unknown field \"colour\""));
    }

    [Theory]
    [InlineData("\"later_busy_gap_s\": -0.001", "\"later_busy_gap_s\" of a family entry to be seconds ≥ 0, at most 1e12, or null, found the number -0.001")]
    public void A_negative_later_stage_gap_is_an_error_at_its_line(string field, string message)
    {
        string json = Minimal.Replace("\"executables\": [", $$"""
            "families": [
              { "family": "all", "busy_gap_s": 0.003, "idle_delay_s": 0, {{field}} } ],
            "executables": [
            """);
        var e = Assert.Single(Errors(json));
        Assert.Equal(5, e.Line);
        Assert.Contains(message, e.Message);
    }

    [Fact]
    public void A_negative_profile_bias_is_an_error_at_its_line()
    {
        var e = Assert.Single(Errors(Minimal.Replace("\"version\": 1,", "\"version\": 1,\n\"profile_bias_sigma\": -1,")));
        Assert.Equal(4, e.Line);
        Assert.Contains("\"profile_bias_sigma\" of the calibration to be a spread from 0 to 5 (the limit), found the number -1", e.Message);
    }

    [Fact]
    public void A_negative_blocked_run_count_is_an_error_at_its_stage()
    {
        var e = Assert.Single(Errors(Minimal.Replace("\"idle_delay_s\": 0 }", "\"idle_delay_s\": 0, \"blocked_runs\": -2 }")));
        Assert.Equal(8, e.Line);
        Assert.Contains("\"blocked_runs\" of stage 0 of Bert_2.6B_1_device to be a count ≥ 0, found the number -2", e.Message);
    }

    [Fact]
    public void A_missing_required_figure_names_the_field()
    {
        var e = Assert.Single(Errors(Minimal.Replace("\"busy_gap_s\": 0.0038, ", "")));
        Assert.Equal(8, e.Line);
        Assert.Equal("expected field \"busy_gap_s\" (seconds ≥ 0, at most 1e12) in stage 0 of Bert_2.6B_1_device, found it missing", e.Message);
    }

    [Fact]
    public void Stages_must_be_in_order_and_executables_and_families_unique()
    {
        string twice = Minimal.Replace("\"executables\": [", """
            "families": [ { "family": "pipelines" } ],
            "executables": [ { "executable": "Bert_2.6B_1_device", "stages": [ { "stage": 1, "latency_s": 0.1, "busy_gap_s": 0, "idle_delay_s": 0 } ] },
            """);
        var errors = Errors(twice);
        Assert.Contains(errors, e => e.Message.Contains("expected family single_stage, multi_stage or all, found \"pipelines\""));
        Assert.Contains(errors, e => e.Message.Contains("\"stage\" of stage 0 of Bert_2.6B_1_device to be 0 (stages in order from 0), found the number 1"));

        string duplicate = Minimal.Replace("\"executables\": [", """
            "executables": [ { "executable": "Bert_2.6B_1_device", "stages": [ { "stage": 0, "latency_s": 0.1, "busy_gap_s": 0, "idle_delay_s": 0 } ] },
            """);
        Assert.Contains(Errors(duplicate), e => e.Message == "expected each executable once, found Bert_2.6B_1_device again");
    }

    [Fact]
    public void Not_a_calibration_is_one_line()
    {
        var e = Assert.Single(Errors("""{ "format": "dlsim-profile", "version": 1, "executables": [] }"""));
        Assert.Equal("expected format \"dlsim-calibration\", found \"dlsim-profile\"", e.Message);
        Assert.Single(Errors("[1, 2]"));
    }
}
