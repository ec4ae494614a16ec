using System.Text;
using Xunit;
using DlSim.Formats.Json;
using DlSim.Formats.SeedPlacement;
using DlSim.Formats.SeedWorkload;
using DlSim.Runs;
using DlSim.Workloads;
using DlSim.Workloads.Traffic;

namespace DlSim.Tests.Invariants;

/// <summary>INVARIANTS.md 9: the seed formats read back to equal values; the original tool's files are rewritten byte for byte.</summary>
public class RoundTripTests
{
    public static TheoryData<string> Workloads() => new(Directory.GetFiles(Path.Combine(ReferenceData.Root, "workloads"), "*.csv").Order());
    public static TheoryData<string> Placements() => new(Directory.GetFiles(Path.Combine(ReferenceData.Root, "placements"), "*.json").Order());

    [Theory, MemberData(nameof(Workloads))]
    public void I9_reference_workloads_are_rewritten_byte_for_byte(string path)
    {
        var workload = SeedWorkloadCsv.Read(path);
        var written = new StringWriter();
        SeedWorkloadCsv.Write(workload, written);
        Assert.Equal(File.ReadAllText(path), written.ToString());
    }

    [Theory, MemberData(nameof(Placements))]
    public void I9_reference_placements_read_back_to_equal_values(string path)
    {
        var placement = SeedPlacementJson.Read(path);
        using var stream = new MemoryStream();
        SeedPlacementJson.Write(placement, stream);
        var again = SeedPlacementJson.Parse(JsonNode.Parse(stream.ToArray(), "written"), "written");
        Assert.Equal(placement, again);
    }

    [Fact]
    public void I9_generated_workloads_read_back_to_identical_values()
    {
        using var dir = new TempDir();
        var spec = new PoissonWorkloadSpec { TotalRateHz = 300, DurationS = 30, Proportions = [0.5, 0.25, 0.25], SlosS = [0.1, 0.2, 1e-5], Seed = 3, Name = "rt" };
        var workload = PoissonGenerator.Generate(spec);
        SeedWorkloadCsv.Write(workload, dir.File("w.csv"));
        var back = SeedWorkloadCsv.Read(dir.File("w.csv"));
        Assert.Equal(workload.Header, back.Header);
        Assert.Equal(workload.ModelIds, back.ModelIds);
        Assert.Equal(workload.ArrivalsS, back.ArrivalsS);
    }

    [Fact]
    public void I9_the_built_in_default_placement_round_trips()
    {
        using var stream = new MemoryStream();
        SeedPlacementJson.Write(DefaultScenario.Placement, stream);
        var text = Encoding.UTF8.GetString(stream.ToArray());
        Assert.Contains("\"executable_name\": \"Bert_2.6B_1_device\"", text);
        Assert.Equal(DefaultScenario.Placement, SeedPlacementJson.Parse(JsonNode.Parse(stream.ToArray(), "x"), "x"));
    }
}
