using Xunit;
using DlSim.Cli;
using DlSim.Cluster;
using DlSim.Formats.Profiles;
using DlSim.Model;
using DlSim.Model.Profiles;

namespace DlSim.Tests.Model;

public class ProfileImportTests
{
    private const string Header = "ModelName\tBS\t#Microbatch\tDP\tOP\tPP\t#GPU\tMeanTime(s)\tStdTime(s)\tTFLOPs\tStageWeights(B)\tStagePeakMem(B)\tStageLatencies(s)";

    private static readonly string[] Table =
    [
        Header,
        "bert-1.3b\t2\t1\t1\t1\t2\t2\t0.060\t0.004\t10.0\t[1000.0, 1200.0]\t[1500.0, 1800.0]\t[0.02, 0.04]",
        "bert-1.3b\t1\t1\t1\t1\t2\t2\t0.040\t0.002\t9.0\t[1000.0, 1200.0]\t[1250.0, 1500.0]\t[0.015, 0.025]",
        "bert-1.3b\t1\t1\t1\t2\t1\t2\t0.030\t0.000\t8.0\t[1100.0]\t[1400.0]\t[0.03]",
    ];

    [Fact]
    public void An_alpaserve_table_becomes_one_executable_per_parallel_config_with_batches_ascending()
    {
        var executables = AlpaServeProfileCsv.Parse(Table, "t.tsv");
        Assert.Equal(2, executables.Count);
        var pipe = executables[0];
        Assert.Equal("bert-1.3b_dp1_op1_pp2", pipe.Name);
        Assert.Equal(2, pipe.StageCount);
        var s1 = pipe.Stages[1];
        Assert.Equal(new MeshShape(1, 1), s1.Shape);
        Assert.Equal(1200, s1.WeightBytes);
        Assert.Equal([new BatchPoint(1, 0.025, 0.002 * 0.025 / 0.04, 300), new BatchPoint(2, 0.04, 0.004 * 0.04 / 0.06, 600)], s1.Batches);
        var tensor = executables[1];
        Assert.Equal("bert-1.3b_dp1_op2_pp1", tensor.Name);
        Assert.Equal(new MeshShape(1, 2), tensor.Stages[0].Shape);
        Assert.Equal(2200, tensor.Stages[0].WeightBytes);       // per-GPU figure × 2 GPUs
        Assert.Equal(600, tensor.Stages[0].Batches[0].ActivationBytes);
    }

    [Fact]
    public void The_import_command_writes_a_profile_file_and_bad_rows_are_one_line_errors()
    {
        using var dir = new TempDir();
        string good = dir.Write("t.tsv", string.Join("\n", Table[1..]) + "\n"); // header is optional
        Assert.Equal(0, DlSimCli.Run(["models", "import", good, "-o", dir.File("p.json")], new StringWriter(), new StringWriter()));
        Assert.Equal(2, ProfileJson.Read(dir.File("p.json")).Count);

        string bad = dir.Write("bad.tsv", Header + "\n" + Table[1] + "\n" + Table[2].Replace("[0.015, 0.025]", "[0.015]") + "\n");
        var stderr = new StringWriter();
        Assert.Equal(2, DlSimCli.Run(["models", "import", bad, "-o", dir.File("q.json")], new StringWriter(), stderr));
        Assert.StartsWith($"dlsim: {bad}:3: expected 2 per-stage values", stderr.ToString());
        Assert.Single(stderr.ToString().TrimEnd().Split('\n'));
        Assert.False(File.Exists(dir.File("q.json")));
    }

    [Theory]
    [InlineData("Bert_2.6B", 0.1452, "Bert_2.6B_2_device_intra", 1, 2, 0.045)]
    [InlineData("Bert_2.6B", 0.1452, "Bert_2.6B_2_device_inter", 2, 1, 0.005)]
    [InlineData("Bert_2.6B", 0.1452, "Bert_2.6B_4_device_inter", 4, 1, 0.005)]
    [InlineData("Bert_125M", 0.01893, "Bert_125M_2_device_intra", 1, 2, 0.045)]
    [InlineData("Bert_125M", 0.01893, "Bert_125M_2_device_inter", 2, 1, 0.01)]
    public void The_default_cost_model_comes_close_to_the_measured_executables(string model, double single, string measured, int pp, int op, double tolerance)
    {
        var derived = new SyntheticFamily { LatencyS = single }.Derive(model, pp, op);
        var real = BuiltInProfiles.Catalog[measured];
        Assert.Equal(real.StageCount, derived.StageCount);
        for (int s = 0; s < real.StageCount; s++)
        {
            double error = Math.Abs(derived.Stages[s].LatencyS - real.Stages[s].LatencyS) / real.Stages[s].LatencyS;
            Assert.True(error <= tolerance, $"stage {s}: {derived.Stages[s].LatencyS} vs {real.Stages[s].LatencyS} ({error:P1})");
            Assert.Equal(real.Stages[s].Shape, derived.Stages[s].Shape);
        }
    }
}
