using Xunit;
using DlSim.Cli;
using DlSim.Cluster;
using DlSim.Formats.Profiles;
using DlSim.Model;

namespace DlSim.Tests.Model;

public class ProfileJsonTests
{
    [Fact]
    public void The_built_in_catalog_round_trips_through_a_profile_file()
    {
        using var dir = new TempDir();
        ProfileJson.Write(BuiltInProfiles.Catalog.Executables, dir.File("p.json"));
        var back = ProfileJson.Read(dir.File("p.json"));
        Assert.Equal(BuiltInProfiles.Catalog.Executables, back);
        Assert.Equal(7, back.Count);
    }

    [Fact]
    public void The_export_command_writes_a_file_that_profiles_accepts()
    {
        using var dir = new TempDir();
        Assert.Equal(0, DlSimCli.Run(["models", "export", "-o", dir.File("p.json")], new StringWriter(), new StringWriter()));
        var stdout = new StringWriter();
        Assert.Equal(0, DlSimCli.Run(["models", "list", "--profiles", dir.File("p.json")], stdout, new StringWriter()));
        Assert.Contains("Bert_2.6B_4_device_inter", stdout.ToString());
    }

    [Fact]
    public void Latency_is_interpolated_between_batch_sizes_and_refused_beyond_the_largest()
    {
        var stage = new StageSpec(new MeshShape(1, 1), [new BatchPoint(1, 0.010, 0, 100), new BatchPoint(4, 0.016, 0, 400), new BatchPoint(8, 0.030, 0, 800)]);
        Assert.Equal(0.010, stage.LatencyAt(1));
        Assert.Equal(0.012, stage.LatencyAt(2), 1e-15);
        Assert.Equal(0.016, stage.LatencyAt(4));
        Assert.Equal(0.0195, stage.LatencyAt(5), 1e-15);
        Assert.Equal(500, stage.ActivationBytesAt(5));
        Assert.Throws<ArgumentOutOfRangeException>(() => stage.LatencyAt(9));
    }

    private const string Good = """
        {"models": [{"name": "M", "executables": [
          {"name": "M_1", "stages": [{"mesh": [1, 1], "weight_bytes": 1000,
            "batches": [{"batch_size": 1, "latency_s": 0.01, "activation_bytes": 10},
                        {"batch_size": 4, "latency_s": 0.02, "latency_std_s": 0.001, "activation_bytes": 40}]}]}
        ]}]}
        """;

    [Fact]
    public void A_user_profile_adds_executables_to_the_catalog()
    {
        using var dir = new TempDir();
        var catalog = BuiltInProfiles.Catalog.WithFiles([dir.Write("p.json", Good)]);
        Assert.Equal(8, catalog.Executables.Count);
        Assert.Equal(0.02, catalog["M_1"].Stages[0].LatencyAt(4));
        Assert.Equal(0.001, catalog["M_1"].Stages[0].Batches[1].LatencyStdS);
    }

    [Theory]
    [InlineData("\"batch_size\": 4, \"latency_s\": 0.02,", "\"batch_size\": 4, \"latency_s\": 0.02, \"colour\": 1,", 4, "unknown field \"colour\"")]
    [InlineData("\"latency_s\": 0.01", "\"latency_s\": -0.01", 3, "expected latency_s > 0")]
    [InlineData("\"batch_size\": 4", "\"batch_size\": 1", 4, "expected batch sizes in ascending order")]
    [InlineData("\"mesh\": [1, 1]", "\"mesh\": [1, 0]", 2, "expected mesh as [NODES, GPUS_PER_NODE]")]
    [InlineData("\"mesh\": [1, 1]", "\"mesh\": [2]", 2, "expected mesh as [NODES, GPUS_PER_NODE]")]
    public void Bad_profiles_are_one_line_errors_with_the_line(string from, string to, int line, string expected)
    {
        using var dir = new TempDir();
        string path = dir.Write("p.json", Good.Replace(from, to));
        AssertOneLineError(path, line, expected);
    }

    [Fact]
    public void Duplicate_executable_names_are_refused()
    {
        using var dir = new TempDir();
        const string stage = "{\"mesh\": [1, 1], \"weight_bytes\": 1, \"batches\": [{\"batch_size\": 1, \"latency_s\": 0.01, \"activation_bytes\": 0}]}";
        string path = dir.Write("p.json", $$"""
            {"models": [{"name": "M", "executables": [
              {"name": "M_1", "stages": [{{stage}}]},
              {"name": "M_1", "stages": [{{stage}}]}
            ]}]}
            """);
        AssertOneLineError(path, 3, "expected unique executable names, found \"M_1\" again (first on line 2)");
    }

    private static void AssertOneLineError(string path, int line, string expected)
    {
        var stderr = new StringWriter();
        int code = DlSimCli.Run(["models", "list", "--profiles", path], new StringWriter(), stderr);
        Assert.Equal(2, code);
        var lines = stderr.ToString().TrimEnd().Split('\n');
        Assert.Single(lines);
        Assert.StartsWith($"dlsim: {path}:{line}: ", lines[0]);
        Assert.Contains(expected, lines[0]);
    }
}
