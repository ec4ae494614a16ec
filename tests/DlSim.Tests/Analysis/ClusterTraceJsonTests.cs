using Xunit;
using DlSim.Formats.ClusterTrace;
using DlSim.Formats.Json;
using DlSim.Foundation;
using DlSim.Tests.Parity;

namespace DlSim.Tests.Analysis;

public class ClusterTraceJsonTests
{
    public static TheoryData<int> Rows() => TraceFiles.Rows();

    [Theory]
    [MemberData(nameof(Rows))]
    public void Reads_every_reference_trace_with_aligned_lists(int row)
    {
        var c = ParityCase.All[row];
        var trace = ClusterTraceJson.Read(TraceFiles.TracePath(c));

        Assert.Equal(c.Requests, trace.Requests);
        Assert.Equal([0, 1], trace.Models.Select(m => m.ModelId));
        int stages = c.Placement.Contains("interop") ? 2 : 1;
        foreach (var m in trace.Models)
        {
            Assert.Equal(stages, m.StageCount);
            Assert.All(m.Stages, s => Assert.Equal(m.Count, s.Length));
            Assert.Equal(m.Count, m.ArrivalsS.Length);
            Assert.Equal(m.Count, m.E2eLatencyS.Length);
            Assert.All(m.Stages.SelectMany(s => s), run => Assert.True(run.EndS >= run.StartS));
        }
    }

    [Fact]
    public void The_first_run_of_the_interop_trace_keeps_times_and_gpus()
    {
        var trace = ClusterTraceJson.Read(ReferenceData.Trace(ParityCase.W6 + "_interop_trace"));
        var run = trace.Models[0].Stages[0][0];
        Assert.Equal(0.0, run.StartS);
        Assert.Equal(0.07274436950683594, run.EndS);
        Assert.Equal([0], run.Mesh.NodeIds);
        Assert.Equal([1], run.Mesh.Devices[0]);
        Assert.Equal(0, trace.Models[0].RequestIds[0]);
    }

    [Fact]
    public void Reports_every_problem_with_its_line()
    {
        const string text = """
            {
              "0": {
                "rq_id": [0, 1],
                "arrive": [0.0],
                "e2e_latency": [0.1, 0.2],
                "stage_exec_info": [[[0.0, 0.1, [0], [[0]]], [0.3, 0.2, [0], [[0]]]]]
              },
              "x": {},
              "1": {"rq_id": [2], "arrive": [0.5], "e2e_latency": [0.1], "stage_exec_info": [[[0.5, 0.6, [0], [[0]]]]], "extra": 1}
            }
            """;
        var e = Assert.Throws<InputException>(() => ClusterTraceJson.Parse(JsonNode.Parse(System.Text.Encoding.UTF8.GetBytes(text), "t.json"), "t.json"));

        var lines = e.Errors.Select(x => x.ToString()).ToArray();
        Assert.Contains(lines, l => l.StartsWith("t.json:4: expected arrive of model 0 to have one entry per rq_id (2), found 1", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("t.json:6: expected end_s ≥ start_s in stage 0 of model 0", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("t.json:8: expected a model id", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("t.json:9: expected only the fields", StringComparison.Ordinal) && l.Contains("\"extra\""));
        Assert.Equal(4, lines.Length);
    }

    [Theory]
    [InlineData("[]", "expected an object keyed by model id, found a list")]
    [InlineData("""{"0": {"rq_id": [0], "arrive": [0.0], "e2e_latency": [0.1], "stage_exec_info": []}}""", "one list per pipeline stage, found none")]
    [InlineData("""{"0": {"rq_id": [0], "arrive": [0.0], "e2e_latency": [0.1], "stage_exec_info": [[]]}}""", "one entry per rq_id (1), found 0 entries")]
    [InlineData("""{"0": {"rq_id": [0], "arrive": [0.0], "e2e_latency": [0.1], "stage_exec_info": [[[0.0, 0.1, [0]]]]}}""", "[start_s, end_s, node_ids, devices], found a list of 3")]
    [InlineData("""{"0": {"rq_id": [0], "arrive": [0.0], "e2e_latency": [0.1], "stage_exec_info": [[[0.0, "a", [0], [[0]]]]]}}""", "finite seconds, found the string \"a\"")]
    [InlineData("""{"0": {"rq_id": [0], "arrive": [0.0], "e2e_latency": [0.1], "stage_exec_info": [[[0.0, 0.1, [0, 1], [[0]]]]]}}""", "one GPU list per node id (2), found 1")]
    [InlineData("""{"0": {"rq_id": [-1], "arrive": [0.0], "e2e_latency": [0.1], "stage_exec_info": [[[0.0, 0.1, [0], [[0]]]]]}}""", "rq_id of model 0 to hold non-negative integers")]
    [InlineData("""{"0": {"rq_id": [0], "arrive": [-0.5], "e2e_latency": [0.1], "stage_exec_info": [[[0.0, 0.1, [0], [[0]]]]]}}""", "arrive of model 0 to hold finite seconds ≥ 0")]
    [InlineData("""{"0": {"rq_id": [0], "arrive": [1e400], "e2e_latency": [0.1], "stage_exec_info": [[[0.0, 0.1, [0], [[0]]]]]}}""", "a number between -1.8e308 and 1.8e308, found a larger one")]
    [InlineData("""{"0": {"rq_id": [0], "arrive": [0.0], "stage_exec_info": [[[0.0, 0.1, [0], [[0]]]]]}}""", "expected field \"e2e_latency\" (a list) in model 0, found it missing")]
    [InlineData("""{"0": {"rq_id": [0], "arrive": [0.0], "e2e_latency": [0.1], "stage_exec_info": [[[0.0, 0.1, [0], [[0]]]]]}, "0": {}}""", "expected each field once in an object, found \"0\" again (first on line 1)")]
    public void Rejects_malformed_traces(string text, string expected)
    {
        var e = Assert.Throws<InputException>(() => ClusterTraceJson.Parse(JsonNode.Parse(System.Text.Encoding.UTF8.GetBytes(text), "t.json"), "t.json"));
        Assert.Contains(e.Errors, x => x.File == "t.json" && x.Line == 1 && x.Message.Contains(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void A_missing_file_is_bad_input()
    {
        var e = Assert.Throws<InputException>(() => ClusterTraceJson.Read("no/such/trace.json"));
        Assert.Equal("no/such/trace.json", e.Errors[0].File);
    }
}
