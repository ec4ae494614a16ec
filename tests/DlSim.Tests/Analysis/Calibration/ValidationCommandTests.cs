using System.Text.Json;
using DlSim.Analysis.Calibration;
using DlSim.Cli;
using DlSim.Serving;
using DlSim.Tests.Parity;
using Xunit;
using static DlSim.Tests.Cli.CliRunner;
using static DlSim.Tests.Analysis.Calibration.CrossLoadCases;

namespace DlSim.Tests.Analysis.Calibration;

/// <summary><c>calibrate --validate-on</c> and <c>--time-split</c>: tables, JSON and bad input (exit 2, one line, nothing written).</summary>
public class ValidationCommandTests
{
    [Fact]
    public void Validate_on_prints_a_row_per_target_beside_the_seed_and_writes_the_same_figures_as_json()
    {
        using var dir = new TempDir();
        string[] args = ["calibrate", .. Triple(ParityCase.W30, Trace30), "-o", dir.File("cal.json"), "--validate-on", Target(ParityCase.W50, Trace50)];

        var (code, stdout, stderr) = Run([.. args, "--json", dir.File("v.json")]);

        Assert.True(code == 0, stderr);
        Assert.Matches(@"(?m)^validated_on\s+from_s\s+mean_abs_err_ms\s+seed\s+within_10ms\s+seed\s+wasserstein1_ms\s+seed", stdout);
        Assert.Matches(@"(?m)^test_workload_8to2_50Hz_60s_interop_trace\.json\s+-\s+\d+\.\d{3}\s+1\.524\s", stdout); // seed: the original tool's 1.5245 ms
        var entry = Assert.Single(JsonDocument.Parse(File.ReadAllText(dir.File("v.json"))).RootElement.GetProperty("validation").EnumerateArray());
        Assert.Equal(JsonValueKind.Null, entry.GetProperty("from_s").ValueKind);
        var expected = CrossValidation.On(CalibrationFitter.Fit([At30]), [At50], DispatchOverhead.Seed)[0];
        Assert.Equal(expected.Calibrated.MeanAbsErrorS, entry.GetProperty("calibrated").GetProperty("mean_abs_error_s").GetDouble(), 1e-12);
        Assert.Equal(0.0015245, entry.GetProperty("seed").GetProperty("mean_abs_error_s").GetDouble(), 1e-6);
        Assert.Equal(expected.Calibrated.Overall.Wasserstein1S,
            entry.GetProperty("calibrated").GetProperty("latency_distribution")[0].GetProperty("wasserstein1_s").GetDouble(), 1e-12);
    }

    [Fact]
    public void Time_split_fits_on_the_first_part_and_compares_only_the_requests_after_the_cut()
    {
        using var dir = new TempDir();
        var (code, stdout, stderr) = Run(["calibrate", .. Triple(ParityCase.W30, Trace30), "-o", dir.File("cal.json"), "--time-split", "0.5", "--json"]);

        Assert.True(code == 0, stderr);
        var entry = Assert.Single(JsonDocument.Parse(stdout).RootElement.GetProperty("validation").EnumerateArray());
        Assert.Equal(30.0, entry.GetProperty("from_s").GetDouble());
        long later = At30.Workload.ArrivalsS.Count(a => a >= 30);
        Assert.Equal(later, entry.GetProperty("calibrated").GetProperty("requests").GetInt64());
        Assert.Equal(4 * later, entry.GetProperty("seed").GetProperty("events").GetInt64()); // 2 stages × start and end
        // The fit saw only the first half: its run count is the first half's.
        var firstHalf = CalibrationFitter.Fit([CrossValidation.Before(At30, 30)]);
        Assert.Equal(At30.Workload.Count - later, firstHalf.Executables[0].Stages[0].Counts!.Runs);
        Assert.Equal(CrossValidation.TimeSplit([At30], 0.5, DispatchOverhead.Seed)[0].Calibrated.MeanAbsErrorS,
            entry.GetProperty("calibrated").GetProperty("mean_abs_error_s").GetDouble(), 1e-12);
    }

    [Theory]
    [InlineData("--validate-on", "a.json,b.csv", "dlsim: --validate-on: expected TRACE,WORKLOAD,PLACEMENT (three paths separated by commas), found 'a.json,b.csv'")]
    [InlineData("--time-split", "1", "dlsim: --time-split: expected a fraction strictly between 0 and 1")]
    [InlineData("--time-split", "0", "dlsim: --time-split: expected a fraction strictly between 0 and 1")]
    [InlineData("--time-split", "0.9999", "dlsim: --time-split: expected requests after the cut of every trace")]
    public void Bad_validation_flags_are_one_line_errors_and_write_nothing(string flag, string value, string message)
    {
        using var dir = new TempDir();
        var (code, stdout, stderr) = Run(["calibrate", .. Triple(ParityCase.W30, Trace30), "-o", dir.File("cal.json"), flag, value]);

        Assert.Equal(DlSimCli.BadInput, code);
        Assert.Empty(stdout);
        Assert.StartsWith(message, Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries)));
        Assert.False(File.Exists(dir.File("cal.json")));
    }

    [Fact]
    public void A_validation_trace_that_does_not_record_its_workload_names_the_trace()
    {
        using var dir = new TempDir();
        string wrong = $"{ReferenceData.Trace(Trace30)},{ReferenceData.Workload(ParityCase.W50)},{ReferenceData.Placement(CrossLoadCases.Placement)}";
        var (code, _, stderr) = Run(["calibrate", .. Triple(ParityCase.W30, Trace30), "-o", dir.File("cal.json"), "--validate-on", wrong]);

        Assert.Equal(DlSimCli.BadInput, code);
        Assert.Contains(Trace30 + ".json:", stderr);
        Assert.False(File.Exists(dir.File("cal.json")));
    }
}
