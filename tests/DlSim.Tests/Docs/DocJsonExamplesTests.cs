using System.Text.RegularExpressions;
using Xunit;
using DlSim.Analysis.Calibration;
using DlSim.Formats.Calibration;
using DlSim.Formats.Json;
using DlSim.Formats.Profiles;

namespace DlSim.Tests.Docs;

/// <summary>The example files on the documentation pages are valid: each reads without error as what its section documents.</summary>
public class DocJsonExamplesTests
{
    /// <summary>The first JSON block after a heading, on the one page that has the heading; with that page's name.</summary>
    private static (string Page, JsonNode Json) FirstJsonBlockAfter(string heading)
    {
        var pages = MarkdownPages.All.Where(p => MarkdownPages.Text(p).Split('\n').Contains(heading)).ToList();
        string page = Assert.Single(pages);
        string text = MarkdownPages.Text(page);
        var block = new Regex(@"```json\n(.*?)```", RegexOptions.Singleline).Match(text, text.IndexOf(heading + "\n", StringComparison.Ordinal));
        Assert.True(block.Success, $"{page}: section {heading} has no JSON example");
        return (page, JsonNode.Parse(System.Text.Encoding.UTF8.GetBytes(block.Groups[1].Value), page));
    }

    [Fact]
    public void The_calibration_file_example_reads_as_a_calibration()
    {
        var (page, json) = FirstJsonBlockAfter("## Calibration file");
        var calibration = CalibrationJson.Parse(json, page);

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
        var (page, json) = FirstJsonBlockAfter("## Profiles: executables, batch sizes and memory");
        var executable = Assert.Single(ProfileJson.Parse(json, page));
        Assert.Equal("Bert_2.6B_2_device_inter", executable.Name);
    }
}
