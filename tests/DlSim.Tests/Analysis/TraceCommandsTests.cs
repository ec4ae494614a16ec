using System.Text.Json;
using DlSim.Cli;
using DlSim.Tests.Parity;
using Xunit;
using static DlSim.Tests.Cli.CliRunner;

namespace DlSim.Tests.Analysis;

/// <summary><c>dlsim trace chrome</c>: a real trace as a Chrome trace laid out like the simulator's.</summary>
public class TraceCommandsTests
{
    public static TheoryData<int> Rows() => TraceFiles.Rows();

    [Theory]
    [MemberData(nameof(Rows))]
    public void Writes_one_slice_per_request_stage_and_gpu(int row)
    {
        var c = ParityCase.All[row];
        using var dir = new TempDir();
        string output = dir.File("real.json");
        // interop: 2 stages on 1 GPU each; intraop: 1 stage on 2 GPUs; baseline: 1 stage on 1 GPU.
        int slicesPerRequest = c.Placement.Contains("baseline") ? 1 : 2;

        var (code, stdout, stderr) = Run("trace", "chrome", TraceFiles.TracePath(c), "-o", output);

        Assert.True(code == 0, stderr);
        Assert.StartsWith($"{output}: {c.Requests * slicesPerRequest} slices from {c.Requests} requests", stdout);
        using var doc = JsonDocument.Parse(File.ReadAllText(output));
        var events = doc.RootElement.GetProperty("traceEvents").EnumerateArray().ToArray();
        var slices = events.Where(e => e.GetProperty("ph").GetString() == "X").ToArray();
        Assert.Equal(c.Requests * slicesPerRequest, slices.Length);
        Assert.All(slices, e => Assert.Matches(@"^r\d+\.s[01]$", e.GetProperty("name").GetString()));
        Assert.All(slices, e => Assert.InRange(e.GetProperty("tid").GetInt32(), 0, 1));
        Assert.Equal(3, events.Count(e => e.GetProperty("ph").GetString() == "M"));
        var starts = slices.Select(e => e.GetProperty("ts").GetDouble()).ToArray();
        Assert.Equal(starts.Order(), starts);
    }

    [Fact]
    public void A_run_on_a_gpu_beyond_the_node_is_bad_input_and_writes_nothing()
    {
        using var dir = new TempDir();
        string trace = ReferenceData.Trace(ParityCase.W6 + "_intraop_trace");
        string output = dir.File("real.json");

        var (code, _, stderr) = Run("trace", "chrome", trace, "-o", output, "-d", "1");

        Assert.Equal(DlSimCli.BadInput, code);
        Assert.StartsWith($"dlsim: {trace}:1: expected GPU indices below 1", stderr);
        Assert.Empty(Directory.GetFiles(dir.Path));
    }

    [Fact]
    public void A_nonexistent_trace_is_bad_input_and_writes_nothing()
    {
        using var dir = new TempDir();
        var (code, _, stderr) = Run("trace", "chrome", dir.File("none.json"), "-o", dir.File("real.json"));

        Assert.Equal(DlSimCli.BadInput, code);
        Assert.StartsWith("dlsim: ", stderr);
        Assert.Empty(Directory.GetFiles(dir.Path));
    }

    [Fact]
    public void Help_documents_every_flag()
    {
        var (code, stdout, _) = Run("trace", "chrome", "--help");
        Assert.Equal(DlSimCli.Ok, code);
        foreach (string flag in new[] { "TRACE", "--output", "--num_devices_per_node" })
            Assert.Contains(flag, stdout);
    }
}
