using System.Text.RegularExpressions;
using Xunit;
using DlSim.Analysis.Calibration;
using DlSim.Formats.Calibration;
using DlSim.Formats.Json;
using DlSim.Formats.Profiles;

namespace DlSim.Tests.Cli;

/// <summary>The README's example files are valid: each reads without error as what its section documents.</summary>
public class ReadmeJsonExamplesTests
{
    private static string FirstJsonBlockAfter(string heading)
    {
        string readme = File.ReadAllText(Path.Combine(RepositoryRoot.Path, "README.md"));
        int at = readme.IndexOf(heading, StringComparison.Ordinal);
        Assert.True(at >= 0, $"README has no section {heading}");
        var block = new Regex(@"```json\n(.*?)```", RegexOptions.Singleline).Match(readme, at);
        Assert.True(block.Success, $"README section {heading} has no JSON example");
        return block.Groups[1].Value;
    }

    private static JsonNode Parse(string json) => JsonNode.Parse(System.Text.Encoding.UTF8.GetBytes(json), "README.md");

    [Fact]
    public void The_calibration_file_example_reads_as_a_calibration()
    {
        var calibration = CalibrationJson.Parse(Parse(FirstJsonBlockAfter("## Calibration file")), "README.md");

        Assert.Equal(PipelineHandoff.Blocking, calibration.Handoff);
        var stages = Assert.Single(calibration.Executables).Stages;
        Assert.Equal(2, stages.Count);
        Assert.Equal(70, stages[0].Counts!.BlockedRuns);
        Assert.Equal(0.003371358, stages[1].BusyGapS);
        Assert.Equal(0.003127694, Assert.Single(calibration.Families).LaterBusyGapS);
    }

    [Fact]
    public void The_profile_example_reads_as_a_profile()
    {
        var executables = ProfileJson.Parse(Parse(FirstJsonBlockAfter("## Profiles: executables, batch sizes and memory")), "README.md");
        Assert.NotEmpty(executables);
    }
}
