using System.Text.Json;
using Xunit;
using DlSim.Cli;
using DlSim.Formats.Calibration;
using DlSim.Model;
using DlSim.Tests.Parity;
using static DlSim.Tests.Cli.CliRunner;

namespace DlSim.Tests.Analysis.Calibration;

/// <summary><c>dlsim calibrate</c>, <c>--calibration</c> and <c>--stochastic</c> in-process: files, tables and bad input (exit 2, one line).</summary>
public class CalibrateCommandTests
{
    private static string[] Triple(int row, string? trace = null)
    {
        var c = ParityCase.All[row];
        return ["-t", trace ?? TraceFiles.TracePath(c), "-w", ReferenceData.Workload(c.Workload), "-p", ReferenceData.Placement(c.Placement)];
    }

    private static string[] Scenario(int row)
    {
        var c = ParityCase.All[row];
        return ["-w", ReferenceData.Workload(c.Workload), "-p", ReferenceData.Placement(c.Placement)];
    }

    private static string OneLine(string stderr) => Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));

    [Fact]
    public void Calibrate_writes_the_file_and_prints_one_row_per_executable_stage()
    {
        using var dir = new TempDir();
        string path = dir.File("cal.json");

        var (code, stdout, stderr) = Run(["calibrate", .. Triple(1), .. Triple(4), "-o", path]);

        Assert.True(code == 0, stderr);
        // runs, idle, busy, blocked, latency, busy latency, gap: queued first stages were all blocked by the second stage.
        Assert.Matches(@"(?m)^Bert_2\.6B_2_device_inter\s+0\s+143\s+73\s+0\s+70\s+72\.561\s+72\.561\s+2\.611\s", stdout);
        Assert.Matches(@"(?m)^Bert_2\.6B_2_device_inter\s+1\s+143\s+73\s+70\s+0\s+73\.234\s+73\.273\s+3\.371\s.*fitted\s+fitted$", stdout);
        Assert.Matches(@"(?m)^Bert_125M_2_device_intra\s+0\s+1799\s", stdout);
        Assert.Matches(@"(?m)^multi_stage\s+1\s", stdout);
        Assert.EndsWith($"calibration: {path}\n", stdout.Replace("\r\n", "\n"));
        var read = CalibrationJson.Read(path);
        Assert.Equal(["Bert_125M_2_device_intra", "Bert_2.6B_2_device_inter"], read.Executables.Select(e => e.Executable));
        Assert.Equal(2, read.Traces.Count);
    }

    [Fact]
    public void The_sample_calibration_is_what_calibrate_fits_on_the_five_reference_traces()
    {
        using var dir = new TempDir();
        string path = dir.File("cal.json");
        string[] triples = [.. CalibrationCases.TraceRows.SelectMany(r => Triple(r))];

        Assert.Equal(0, Run(["calibrate", .. triples, "-o", path]).Code);

        string fitted = File.ReadAllText(path).Replace(ReferenceData.Root, "../shared/reference");
        Assert.Equal(File.ReadAllText(Path.Combine(RepositoryRoot.Path, "samples", "calibration_reference.json")), fitted);
    }

    [Fact]
    public void Unpaired_triples_are_one_line_and_write_nothing()
    {
        using var dir = new TempDir();
        var (code, _, stderr) = Run(["calibrate", .. Triple(1), "-t", TraceFiles.TracePath(ParityCase.All[2]), "-o", dir.File("cal.json")]);

        Assert.Equal(DlSimCli.BadInput, code);
        Assert.Equal("dlsim: -t: expected one -w WORKLOAD and one -p PLACEMENT per -t TRACE (triples in order), found 2 trace(s), 1 workload(s), 1 placement(s)", OneLine(stderr));
        Assert.Empty(Directory.GetFiles(dir.Path));
    }

    [Fact]
    public void A_trace_without_runs_for_a_stage_is_one_line()
    {
        var c = ParityCase.All[1];
        using var dir = new TempDir();
        string trace = TraceFiles.Edited(c, dir, "one-stage.json", root => root["0"]!["stage_exec_info"]!.AsArray().RemoveAt(1));

        var (code, _, stderr) = Run(["calibrate", .. Triple(1, trace), "-o", dir.File("cal.json")]);

        Assert.Equal(DlSimCli.BadInput, code);
        Assert.Equal($"dlsim: {trace}:{TraceFiles.LineOf(trace, "\"stage_exec_info\"")}: expected 2 stage list(s) in stage_exec_info of model 0, as its replica in the placement runs request 0 in 2 stage(s), found 1",
            OneLine(stderr));
        Assert.False(File.Exists(dir.File("cal.json")));
    }

    [Fact]
    public void An_empty_stage_list_is_one_line()
    {
        var c = ParityCase.All[1];
        using var dir = new TempDir();
        string trace = TraceFiles.Edited(c, dir, "empty-stage.json", root => root["1"]!["stage_exec_info"]![1]!.AsArray().Clear());

        var (code, _, stderr) = Run(["calibrate", .. Triple(1, trace), "-o", dir.File("cal.json")]);

        Assert.Equal(DlSimCli.BadInput, code);
        Assert.StartsWith($"dlsim: {trace}:", OneLine(stderr));
        Assert.Contains("expected stage 1 of model 1 to be a list with one entry per rq_id (26), found 0 entries", stderr);
    }

    [Fact]
    public void A_calibration_for_an_executable_not_in_the_placement_is_one_line_unless_allowed()
    {
        using var dir = new TempDir();
        string cal = dir.File("cal.json");
        Assert.Equal(0, Run(["calibrate", .. Triple(0), "-o", cal]).Code);

        var (code, stdout, stderr) = Run(["compare", .. Triple(1), "--calibration", cal]);
        Assert.Equal(DlSimCli.BadInput, code);
        Assert.Empty(stdout);
        Assert.Matches(@"^dlsim: .*cal\.json:\d+: expected calibrations only for executables of .*placement_interop\.json \(Bert_2\.6B_2_device_inter\), found Bert_2\.6B_1_device \(pass --allow-unused-calibration", OneLine(stderr));

        (code, stdout, stderr) = Run(["compare", .. Triple(1), "--calibration", cal, "--allow-unused-calibration"]);
        Assert.True(code == 0, stderr);
        Assert.Contains("family figures: Bert_2.6B_2_device_inter (all)", stdout); // fitted on a single-stage executable only
    }

    [Fact]
    public void Leave_one_out_reports_every_held_out_trace_against_a_fit_on_the_others_and_the_seed()
    {
        using var dir = new TempDir();
        var rows = CalibrationCases.TraceRows;
        var (code, stdout, stderr) = Run(["calibrate", .. rows.SelectMany(r => Triple(r)), "-o", dir.File("cal.json"), "--leave-one-out", "--json"]);

        Assert.True(code == 0, stderr);
        var entries = JsonDocument.Parse(stdout).RootElement.GetProperty("leave_one_out").EnumerateArray().ToArray();
        Assert.Equal(rows.Length, entries.Length);
        for (int i = 0; i < rows.Length; i++)
        {
            double Error(string model) => entries[i].GetProperty(model).GetProperty("mean_abs_error_s").GetDouble();
            Assert.Equal(TraceFiles.TracePath(ParityCase.All[rows[i]]), entries[i].GetProperty("trace").GetString());
            Assert.Equal(CalibrationCases.Compare(rows[i], CalibrationCases.AllBut(rows[i])).MeanAbsErrorS, Error("calibrated"), 1e-12);
            Assert.Equal(CalibrationCases.CompareSeed(rows[i]).MeanAbsErrorS, Error("seed"), 1e-12);
            Assert.Single(entries[i].GetProperty("borrowed").EnumerateArray()); // each trace's executable is its own
        }
        Assert.True(File.Exists(dir.File("cal.json")));
    }

    [Theory]
    [InlineData(true, false, "dlsim: --leave-one-out: expected two or more -t -w -p triples")]
    [InlineData(false, true, "dlsim: --json: expected --leave-one-out, --validate-on or --time-split with it")]
    public void Leave_one_out_needs_two_traces_and_json_needs_leave_one_out(bool leaveOneOut, bool json, string message)
    {
        using var dir = new TempDir();
        string[] flags = [.. leaveOneOut ? new[] { "--leave-one-out" } : [], .. json ? new[] { "--json" } : []];
        var (code, stdout, stderr) = Run(["calibrate", .. Triple(1), "-o", dir.File("cal.json"), .. flags]);

        Assert.Equal(DlSimCli.BadInput, code);
        Assert.Empty(stdout);
        Assert.StartsWith(message, OneLine(stderr));
        Assert.False(File.Exists(dir.File("cal.json")));
    }

    [Fact]
    public void Handoff_overrides_the_files_choice_and_is_named_in_the_header()
    {
        using var dir = new TempDir();
        string cal = dir.File("cal.json");
        CalibrationJsonWriter.Write(CalibrationCases.All, cal);
        string[] args = ["compare", .. Triple(1), "--calibration", cal, "--allow-unused-calibration", "--json"];

        var (code, blocking, stderr) = Run(args);
        Assert.True(code == 0, stderr);
        var (_, immediate, _) = Run([.. args, "--handoff", "immediate"]);
        double Error(string json) => JsonDocument.Parse(json).RootElement.GetProperty("mean_abs_error_s").GetDouble();
        Assert.Equal(CalibrationCases.Compare(1, CalibrationCases.All).MeanAbsErrorS, Error(blocking), 1e-12);
        Assert.Equal(CalibrationCases.Compare(1, CalibrationCases.All with { Handoff = DlSim.Analysis.Calibration.PipelineHandoff.Immediate }).MeanAbsErrorS,
            Error(immediate), 1e-12);
        Assert.True(Error(immediate) > Error(blocking) + 1e-4); // without the hand-off, queued first stages end 1.4 ms early

        Assert.Contains("blocking hand-off)", Run([.. args[..^1]]).Out);
    }

    [Theory]
    [InlineData("--handoff", "eager", "dlsim: --handoff: expected blocking or immediate, found \"eager\"")]
    [InlineData("--handoff", "immediate", "dlsim: --handoff: expected --calibration FILE too")]
    public void A_bad_or_lone_handoff_is_one_line(string flag, string value, string message)
    {
        using var dir = new TempDir();
        string cal = dir.File("cal.json");
        CalibrationJsonWriter.Write(CalibrationCases.All, cal);
        string[] calibrated = message.Contains("--calibration") ? [] : ["--calibration", cal, "--allow-unused-calibration"];

        var (code, stdout, stderr) = Run(["simulate", .. Scenario(1), .. calibrated, flag, value]);

        Assert.Equal(DlSimCli.BadInput, code);
        Assert.Empty(stdout);
        Assert.StartsWith(message, OneLine(stderr));
    }

    [Theory]
    [InlineData("compare", "0")]
    [InlineData("compare", "-3")]
    [InlineData("simulate", "0")]
    public void Fewer_than_one_replication_is_one_line(string command, string replications)
    {
        using var dir = new TempDir();
        string cal = dir.File("cal.json");
        CalibrationJsonWriter.Write(CalibrationCases.All, cal);
        string[] args = command == "compare" ? [command, .. Triple(1)] : [command, .. Scenario(1)];

        var (code, stdout, stderr) = Run([.. args, "--calibration", cal, "--allow-unused-calibration", "--stochastic", "--replications", replications]);

        Assert.Equal(DlSimCli.BadInput, code);
        Assert.Empty(stdout);
        Assert.Equal($"dlsim: --replications: expected from 1 to 10000 replications (the limit), found {replications}", OneLine(stderr));
    }

    [Fact]
    public void Stochastic_mode_needs_a_calibration()
    {
        var (code, _, stderr) = Run(["simulate", .. Scenario(1), "--stochastic"]);
        Assert.Equal(DlSimCli.BadInput, code);
        Assert.Equal("dlsim: --stochastic: expected --calibration FILE too (the fitted distributions to draw run times from), found none", OneLine(stderr));
    }

    [Fact]
    public void Compare_with_a_calibration_gives_the_library_figures()
    {
        using var dir = new TempDir();
        string cal = dir.File("cal.json");
        CalibrationJsonWriter.Write(CalibrationCases.All, cal);

        var (code, stdout, stderr) = Run(["compare", .. Triple(3), "--calibration", cal, "--allow-unused-calibration", "--json"]);

        Assert.True(code == 0, stderr);
        using var doc = JsonDocument.Parse(stdout);
        var expected = CalibrationCases.Compare(3, CalibrationCases.All);
        Assert.Equal(expected.MeanAbsErrorS, doc.RootElement.GetProperty("mean_abs_error_s").GetDouble());
        Assert.Equal(expected.Latency.SimP99S, doc.RootElement.GetProperty("latency").GetProperty("sim_p99_s").GetDouble());
    }

    [Fact]
    public void Stochastic_compare_reports_bands_and_whether_the_real_latency_is_inside_byte_identically()
    {
        using var dir = new TempDir();
        string cal = dir.File("cal.json");
        CalibrationJsonWriter.Write(CalibrationCases.All, cal);
        string[] args = ["compare", .. Triple(4), "--calibration", cal, "--allow-unused-calibration", "--stochastic", "--replications", "6", "--seed", "3"];

        var (code, table, stderr) = Run(args);
        var (_, json1, _) = Run([.. args, "--json"]);
        var (_, json2, _) = Run([.. args, "--json"]);

        Assert.True(code == 0, stderr);
        Assert.Contains("stochastic: 6 replications, seed 3", table);
        Assert.Matches(@"(?m)^latency\.p99_ms\s+\d+\.\d{3}\s+\d+\.\d{3}\s+\d+\.\d{3}\s+82\.093\s+(yes|no)$", table);
        Assert.Equal(json1, json2);
        using var doc = JsonDocument.Parse(json1);
        var r = doc.RootElement;
        Assert.Equal(["replications", "seed", "band", "metrics", "real_latency", "real_mean_inside_band", "real_p99_inside_band"], r.EnumerateObject().Select(p => p.Name));
        Assert.Equal(["error.mean_abs_s", "error.max_abs_s", "error.fraction_within_10ms", "error.events_over_10ms", "latency.mean_s", "latency.p99_s",
            "distribution.wasserstein1_s", "distribution.max_cdf_gap"],
            r.GetProperty("metrics").EnumerateArray().Select(m => m.GetProperty("name").GetString()));
    }

    [Fact]
    public void Stochastic_simulate_bands_every_reported_figure()
    {
        using var dir = new TempDir();
        string cal = dir.File("cal.json");
        CalibrationJsonWriter.Write(CalibrationCases.All, cal);

        var (code, stdout, stderr) = Run(["simulate", .. Scenario(0), "--calibration", cal, "--allow-unused-calibration", "--stochastic", "--replications", "5", "--json"]);

        Assert.True(code == 0, stderr);
        using var doc = JsonDocument.Parse(stdout);
        var names = doc.RootElement.GetProperty("metrics").EnumerateArray().Select(m => m.GetProperty("name").GetString()).ToArray();
        foreach (string name in new[] { "model0.p99_s", "model1.completed_within_slo", "all.mean_s", "all.goodput_rps", "node0.gpu1.utilization", "span_s" })
            Assert.Contains(name, names);
        Assert.All(doc.RootElement.GetProperty("metrics").EnumerateArray(), m =>
            Assert.InRange(m.GetProperty("mean").GetDouble(), m.GetProperty("low").GetDouble() - 1e-12, m.GetProperty("high").GetDouble() + 1e-12));
    }

    [Fact]
    public void Help_documents_every_flag()
    {
        var (_, calibrate, _) = Run("calibrate", "--help");
        foreach (string flag in new[] { "--trace", "--workload", "--placement", "--service-map", "--output", "--num_nodes", "--profiles", "--leave-one-out", "--json" })
            Assert.Contains(flag, calibrate);
        foreach (string command in new[] { "simulate", "compare" })
        {
            var (_, help, _) = Run(command, "--help");
            foreach (string flag in new[] { "--calibration", "--allow-unused-calibration", "--handoff", "--stochastic", "--replications", "--seed" })
                Assert.Contains(flag, help);
        }
        Assert.Contains("--worst", Run("compare", "--help").Out);
    }
}

/// <summary><c>compare --worst N</c>: the events farthest from the real trace, worst first.</summary>
public class WorstEventsTests
{
    [Fact]
    public void Lists_the_worst_events_first_in_table_and_json()
    {
        var c = ParityCase.All[3];
        string[] args = ["compare", "-w", ReferenceData.Workload(c.Workload), "-p", ReferenceData.Placement(c.Placement), "-t", TraceFiles.TracePath(c), "--worst", "3"];
        var stdout = new StringWriter();
        Assert.Equal(0, DlSimCli.Run([.. args, "--json"], stdout, new StringWriter()));
        using var doc = JsonDocument.Parse(stdout.ToString());
        var worst = doc.RootElement.GetProperty("worst_events").EnumerateArray().ToArray();

        Assert.Equal(3, worst.Length);
        Assert.Equal(doc.RootElement.GetProperty("max_abs_error_s").GetDouble(), Math.Abs(worst[0].GetProperty("error_s").GetDouble()));
        var errors = worst.Select(w => Math.Abs(w.GetProperty("error_s").GetDouble())).ToArray();
        Assert.Equal(errors.OrderByDescending(x => x), errors);
        Assert.All(worst, w => Assert.Equal(w.GetProperty("simulated_s").GetDouble() - w.GetProperty("real_s").GetDouble(), w.GetProperty("error_s").GetDouble(), 1e-12));

        var table = new StringWriter();
        Assert.Equal(0, DlSimCli.Run(args, table, new StringWriter()));
        Assert.Matches(@"(?m)^worst_request\s+model\s+stage\s+event\s+sim_ms\s+real_ms\s+error_ms$", table.ToString());
        Assert.Matches(@"(?m)^\d+\s+[01]\s+[01]\s+(start|end)\s+\d+\.\d{3}\s+\d+\.\d{3}\s+-?16\.704$", table.ToString());
    }

    [Fact]
    public void A_negative_count_is_one_line()
    {
        var c = ParityCase.All[3];
        var stderr = new StringWriter();
        int code = DlSimCli.Run(["compare", "-w", ReferenceData.Workload(c.Workload), "-p", ReferenceData.Placement(c.Placement), "-t", TraceFiles.TracePath(c), "--worst", "-1"],
            new StringWriter(), stderr);
        Assert.Equal(DlSimCli.BadInput, code);
        Assert.Equal("dlsim: --worst: expected a count ≥ 0, found -1", stderr.ToString().Trim());
    }
}
