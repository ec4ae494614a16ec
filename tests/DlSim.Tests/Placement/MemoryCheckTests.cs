using Xunit;
using DlSim.Cli;
using DlSim.Cluster;
using DlSim.Formats.Profiles;
using DlSim.Formats.SeedPlacement;
using DlSim.Model;
using DlSim.Placement;

namespace DlSim.Tests.Placement;

public class MemoryCheckTests
{
    public static TheoryData<string> ReferencePlacements() =>
        new(Directory.GetFiles(Path.Combine(ReferenceData.Root, "placements"), "*.json").Order());

    [Theory, MemberData(nameof(ReferencePlacements))]
    public void Every_reference_placement_fits_on_16_GB_V100s(string path)
    {
        var deployment = Deployment.Resolve(new ClusterSpec(1, 2, 16), BuiltInProfiles.Catalog, SeedPlacementJson.Read(path),
            new ServiceMap(new Dictionary<int, string>()), 0, path);
        Assert.All(MemoryCheck.Check(deployment), g => Assert.True(g.Fits, MemoryCheck.Describe(g)));
        Assert.Equal(0, DlSimCli.Run(["placement", "check", path], new StringWriter(), new StringWriter()));
    }

    [Fact]
    public void Weights_are_shared_by_a_meshs_gpus_and_only_the_largest_activation_counts()
    {
        var placement = new PlacementSpec(
        [
            new ReplicaSpec("a", "Bert_2.6B", "Bert_2.6B_2_device_intra", [SubMesh.Single(0, 0, 1)]),
            new ReplicaSpec("b", "Bert_125M", "Bert_125M_1_device", [SubMesh.Single(0, 0)]),
        ]);
        var d = Deployment.Resolve(new ClusterSpec(1, 2, 16), BuiltInProfiles.Catalog, placement, new ServiceMap(new Dictionary<int, string>()), 0);
        var gpu0 = MemoryCheck.Check(d)[0];
        var big = BuiltInProfiles.Catalog["Bert_2.6B_2_device_intra"].Stages[0];
        var small = BuiltInProfiles.Catalog["Bert_125M_1_device"].Stages[0];
        Assert.Equal(big.WeightBytes / 2 + small.WeightBytes, gpu0.WeightBytes);
        Assert.Equal(Math.Max(big.Batches[0].ActivationBytes / 2, small.Batches[0].ActivationBytes), gpu0.ActivationBytes);
    }

    [Fact]
    public void Stacking_more_replicas_than_fit_is_refused_naming_the_gpu_the_used_and_the_capacity_bytes()
    {
        using var dir = new TempDir();
        var replicas = Enumerable.Range(0, 4).Select(i =>
            new ReplicaSpec("Bert_2.6B_0", "Bert_2.6B", "Bert_2.6B_1_device", [SubMesh.Single(0, 1)])).ToList();
        replicas.Insert(0, new ReplicaSpec("Bert_2.6B_1", "Bert_2.6B", "Bert_2.6B_1_device", [SubMesh.Single(0, 0)]));
        string path = dir.File("stacked.json");
        SeedPlacementJson.Write(new PlacementSpec(replicas), path);
        long used = 4 * BuiltInProfiles.Catalog["Bert_2.6B_1_device"].WeightBytes + BuiltInProfiles.Catalog["Bert_2.6B_1_device"].Stages[0].Batches[0].ActivationBytes;

        foreach (var args in new[] { new[] { "placement", "check", path }, new[] { "simulate", "-p", path, "--json", dir.File("r.json") } })
        {
            var stderr = new StringWriter();
            Assert.Equal(2, DlSimCli.Run(args, new StringWriter(), stderr));
            string line = stderr.ToString().TrimEnd().Split('\n').Single(l => l.StartsWith("dlsim:"));
            Assert.Contains("GPU 1 of node 0", line);
            Assert.Contains($"found {used} bytes", line);
            Assert.Contains($"its {16L << 30} bytes", line);
            Assert.Matches(@"stacked\.json:\d+: ", line);
        }
        Assert.False(File.Exists(dir.File("r.json")));
        Assert.Equal(0, DlSimCli.Run(["simulate", "-p", path, "--no-memory-check"], new StringWriter(), new StringWriter()));
    }
}
