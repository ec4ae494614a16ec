using Xunit;
using DlSim.Analysis;
using DlSim.Formats.ClusterTrace;
using DlSim.Foundation;
using DlSim.Runs;
using DlSim.Tests.Parity;

namespace DlSim.Tests.Analysis;

/// <summary>Seed mode reproduces the original tool's "vs real" figures on all five reference traces.</summary>
public class TraceComparisonTests
{
    /// <summary>The README's figures are rounded to 7 significant digits at most; ours lie within this of them.</summary>
    private const double Tolerance = 1e-6;

    public static TheoryData<int> Rows() => TraceFiles.Rows();

    private static ComparisonReport Compare(ParityCase c, string? tracePath = null)
    {
        var workload = c.LoadWorkload();
        var simulated = Simulation.Run(c.Deploy(workload), workload, new SimulationOptions { RecordStageTimes = true }).StageTimes!;
        return TraceComparison.Compare(workload, simulated, ClusterTraceJson.Read(tracePath ?? TraceFiles.TracePath(c)));
    }

    [Theory]
    [MemberData(nameof(Rows))]
    public void Errors_vs_real_match_the_original_tool(int row)
    {
        var c = ParityCase.All[row];
        var report = Compare(c);

        Assert.Equal(c.MeanAbsError!.Value, report.MeanAbsErrorS, Tolerance);
        Assert.Equal(c.MaxAbsError!.Value, report.MaxAbsErrorS, Tolerance);
        Assert.Equal(c.EventsOver10Ms!.Value, report.EventsOver10Ms);
    }

    [Theory]
    [MemberData(nameof(Rows))]
    public void Counts_two_events_per_request_per_stage_and_splits_them_by_stage(int row)
    {
        var c = ParityCase.All[row];
        var report = Compare(c);
        int stages = c.Placement.Contains("interop") ? 2 : 1;

        Assert.Equal(c.Requests, report.Requests);
        Assert.Equal(2L * c.Requests * stages, report.Events);
        Assert.Equal(stages, report.Stages.Count);
        Assert.Equal(report.Events - report.EventsOver10Ms, report.FractionWithin10Ms * report.Events, 1e-9);
        Assert.Equal(report.MaxAbsErrorS, report.Stages.Max(s => Math.Max(s.StartMaxAbsErrorS, s.EndMaxAbsErrorS)));
        double weighted = report.Stages.Sum(s => (s.StartMeanAbsErrorS + s.EndMeanAbsErrorS) * s.Requests) / report.Events;
        Assert.Equal(report.MeanAbsErrorS, weighted, 1e-12);
    }

    [Theory]
    [MemberData(nameof(Rows))]
    public void Simulated_latency_is_the_seed_latency_and_real_latency_is_close(int row)
    {
        var c = ParityCase.All[row];
        var latency = Compare(c).Latency;

        Assert.Equal(c.Mean, latency.SimMeanS, Tolerance);
        Assert.Equal(c.P99, latency.SimP99S, Tolerance);
        // Stage errors are below 17 ms, so real latency cannot be further off than that.
        Assert.InRange(latency.RealMeanS - latency.SimMeanS, -0.017, 0.017);
        Assert.InRange(latency.RealP99S - latency.SimP99S, -0.017, 0.017);
    }

    [Fact]
    public void Real_latency_is_end_of_last_stage_minus_arrival()
    {
        var c = ParityCase.All[1];
        var trace = ClusterTraceJson.Read(TraceFiles.TracePath(c));
        var all = trace.Models.SelectMany(m => Enumerable.Range(0, m.Count).Select(j => m.Stages[^1][j].EndS - m.ArrivalsS[j])).ToArray();

        Assert.Equal(all.Average(), Compare(c).Latency.RealMeanS, 1e-12);
    }

    [Fact]
    public void A_request_missing_from_the_trace_is_named_at_its_models_rq_id_list()
    {
        var c = ParityCase.All[0];
        using var dir = new TempDir();
        string path = TraceFiles.Edited(c, dir, "dropped.json", root => TraceFiles.DropEntry(root, "0", 3));

        var e = Assert.Throws<InputException>(() => Compare(c, path));
        var error = Assert.Single(e.Errors);
        Assert.Equal(path, error.File);
        Assert.Equal(TraceFiles.LineOf(path, "\"rq_id\""), error.Line);
        Assert.Contains("found 1 missing: 4", error.Message);
    }

    [Fact]
    public void Unknown_repeated_and_misfiled_ids_and_wrong_arrivals_are_each_reported_at_their_line()
    {
        var c = ParityCase.All[0];
        using var dir = new TempDir();
        string path = TraceFiles.Edited(c, dir, "ids.json", root =>
        {
            var model0 = root["0"]!.AsObject();
            model0["rq_id"]![1] = 99999;                         // unknown
            model0["rq_id"]![2] = 0;                             // repeated: request 2 goes missing
            root["1"]!["rq_id"]![0] = 1;                         // misfiled: request 1 is model 0's; model 1's request 3 goes missing
            model0["arrive"]![5] = model0["arrive"]![5]!.GetValue<double>() + 1e-5;
        });

        var e = Assert.Throws<InputException>(() => Compare(c, path));
        var messages = e.Errors.Select(x => (x.Line, x.Message)).ToArray();
        Assert.All(e.Errors, x => Assert.Equal(path, x.File));
        Assert.Contains(messages, x => x.Message.Contains("(0 to 142) in rq_id of model 0, found 99999"));
        Assert.Contains(messages, x => x.Message.Contains("found request 0 again"));
        Assert.Contains(messages, x => x.Message.Contains("expected request 1 under model 0 (its model in the workload), found it under model 1"));
        Assert.Contains(messages, x => x.Message.Contains("expected arrive of request 6 to be its workload arrival"));
        Assert.Contains(messages, x => x.Message.Contains("model 0 in the trace, found 1 missing: 2"));
        // The sixth problem (model 1's missing request 3) is past InputErrorList.MaxReported: counted, not shown.
        Assert.Equal((0, "1 more problem not shown"), messages[^1]);
        Assert.Equal(6, messages.Length);
        Assert.All(messages[..^1], x => Assert.True(x.Line > 1));
    }

    [Fact]
    public void A_trace_of_another_placement_with_a_different_stage_count_is_bad_input()
    {
        var interop = ParityCase.All[1];
        var baselineTrace = TraceFiles.TracePath(ParityCase.All[0]);

        var e = Assert.Throws<InputException>(() => Compare(interop, baselineTrace));
        Assert.Equal(2, e.Errors.Count);
        Assert.All(e.Errors, x => Assert.Contains("expected 2 stage list(s) in stage_exec_info", x.Message));
        Assert.All(e.Errors, x => Assert.Equal(baselineTrace, x.File));
    }
}
