using Xunit;

namespace DlSim.Tests.BadInput;

/// <summary>
/// Bad placement files given to <c>simulate -p</c> (cluster: 1 node × 2 GPUs): one line naming the file
/// and the line of the replica or mesh at fault, no output written.
/// </summary>
public sealed class PlacementBadInputTests : IDisposable
{
    /// <summary>placement_interop.json, one mesh per line so each case can change exactly one numbered line.</summary>
    private static readonly string[] Interop =
    [
        /*  1 */ "[",
        /*  2 */ "    {",
        /*  3 */ "        \"service_name\": \"Bert_2.6B_0\",",
        /*  4 */ "        \"model_name\": \"Bert_2.6B\",",
        /*  5 */ "        \"executable_name\": \"Bert_2.6B_2_device_inter\",",
        /*  6 */ "        \"mesh_group\": [",
        /*  7 */ "            {\"node_ids\": [0], \"devices\": [[1]]},",
        /*  8 */ "            {\"node_ids\": [0], \"devices\": [[0]]}",
        /*  9 */ "        ]",
        /* 10 */ "    },",
        /* 11 */ "    {",
        /* 12 */ "        \"service_name\": \"Bert_2.6B_1\",",
        /* 13 */ "        \"model_name\": \"Bert_2.6B\",",
        /* 14 */ "        \"executable_name\": \"Bert_2.6B_2_device_inter\",",
        /* 15 */ "        \"mesh_group\": [",
        /* 16 */ "            {\"node_ids\": [0], \"devices\": [[1]]},",
        /* 17 */ "            {\"node_ids\": [0], \"devices\": [[0]]}",
        /* 18 */ "        ]",
        /* 19 */ "    }",
        /* 20 */ "]",
    ];

    private readonly BadInputCase _case = new();

    public void Dispose() => _case.Dispose();

    /// <summary>The interop placement with line <paramref name="lineNumber"/> (1-based) replaced.</summary>
    private static string InteropWith(int lineNumber, string text)
    {
        var lines = (string[])Interop.Clone();
        lines[lineNumber - 1] = text;
        return string.Join("\n", lines) + "\n";
    }

    private string Simulate(string placementJson, int line, string expected, params string[] extraArgs)
    {
        string path = _case.Write("placement.json", placementJson);
        string[] args = ["simulate", "-p", path, "--json", _case.Output("result.json"), "--trace-out", _case.Output("trace.json"), .. extraArgs];
        return _case.AssertOneLineError(args, $"{path}:{line}: ", expected);
    }

    [Fact]
    public void The_unchanged_template_is_valid()
    {
        string path = _case.Write("placement.json", string.Join("\n", Interop));
        int code = DlSim.Cli.DlSimCli.Run(["simulate", "-p", path], new StringWriter(), new StringWriter());
        Assert.Equal(DlSim.Cli.DlSimCli.Ok, code);
    }

    [Fact]
    public void Placement_with_a_missing_field()
    {
        // Reported at the replica that lacks it.
        string line = Simulate(InteropWith(14, ""), 11, "field \"executable_name\" (a string) in a replica");
        Assert.EndsWith("found it missing", line);
    }

    [Fact]
    public void Placement_field_with_wrong_type()
    {
        string line = Simulate(InteropWith(7, "            {\"node_ids\": 0, \"devices\": [[1]]},"), 7, "\"node_ids\" to be a list");
        Assert.EndsWith("found the number 0", line);
    }

    [Fact]
    public void Placement_string_field_with_wrong_type()
    {
        string line = Simulate(InteropWith(12, "        \"service_name\": 5,"), 12, "\"service_name\" to be a string");
        Assert.EndsWith("found the number 5", line);
    }

    [Fact]
    public void Mesh_naming_a_node_that_does_not_exist()
    {
        string line = Simulate(InteropWith(17, "            {\"node_ids\": [1], \"devices\": [[0]]}"), 17, "stage 1's node ids below 1");
        Assert.EndsWith("found node 1", line);
    }

    [Fact]
    public void Mesh_naming_a_gpu_that_does_not_exist()
    {
        string line = Simulate(InteropWith(16, "            {\"node_ids\": [0], \"devices\": [[2]]},"), 16, "stage 0's GPU indices below 2");
        Assert.EndsWith("found GPU 2 on node 0", line);
    }

    [Fact]
    public void Mesh_shape_not_matching_the_executable()
    {
        string line = Simulate(InteropWith(8, "            {\"node_ids\": [0], \"devices\": [[0, 1]]}"), 8,
            "stage 1 of Bert_2.6B_2_device_inter on a mesh of shape (1,1)");
        Assert.EndsWith("found 1 node(s) with 2 GPU(s)", line);
    }

    [Fact]
    public void Unknown_executable()
    {
        // Reported at the replica naming it.
        string line = Simulate(InteropWith(14, "        \"executable_name\": \"Bert_2.6B_3_device_inter\","), 11, "a known executable");
        Assert.EndsWith("found \"Bert_2.6B_3_device_inter\"", line);
    }

    [Fact]
    public void Placement_file_that_does_not_exist()
    {
        // A file that is not there has no line: the error names the path alone.
        string path = _case.Output("missing.json");
        string[] args = ["simulate", "-p", path, "--json", _case.Output("result.json")];
        _case.AssertOneLineError(args, $"{path}: ", "an existing file");
    }
}
