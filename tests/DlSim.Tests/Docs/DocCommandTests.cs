using Xunit;

namespace DlSim.Tests.Docs;

/// <summary>
/// Every <c>dotnet run --project src/DlSim.Cli -- …</c> line in README.md and docs/*.md runs and succeeds (a fenced
/// block's lines in order, in one folder, so a later command may read what an earlier one wrote), and every output
/// block marked <c>&lt;!-- output: ARGS --&gt;</c> equals what the page's command starting with ARGS prints.
/// </summary>
public class DocCommandTests
{
    public static TheoryData<string, string> CommandBlocks()
    {
        var data = new TheoryData<string, string>();
        foreach (string page in MarkdownPages.All)
            foreach (var block in MarkdownPages.CommandBlocks(page)) data.Add(page, string.Join("\n", block));
        return data;
    }

    public static TheoryData<string, string> OutputBlocks()
    {
        var data = new TheoryData<string, string>();
        foreach (string page in MarkdownPages.All)
            foreach (System.Text.RegularExpressions.Match m in MarkdownPages.OutputBlocks(page)) data.Add(page, m.Groups[1].Value.Trim());
        return data;
    }

    [Theory, MemberData(nameof(CommandBlocks))]
    public void Commands_on_the_page_succeed(string page, string block)
    {
        using var dir = new TempDir();
        foreach (string command in block.Split('\n'))
        {
            var (code, stdout, stderr) = MarkdownPages.Run(command, dir);
            Assert.True(code == 0, $"{page}: {command}: exit {code}: {stderr}");
            Assert.NotEmpty(stdout);
        }
    }

    [Theory, MemberData(nameof(OutputBlocks))]
    public void Output_on_the_page_is_what_the_command_prints(string page, string label)
    {
        var block = MarkdownPages.OutputBlocks(page).First(m => m.Groups[1].Value.Trim() == label);
        using var dir = new TempDir();
        var (code, stdout, stderr) = MarkdownPages.Run(MarkdownPages.CommandOf(page, label), dir);
        Assert.True(code == 0, stderr);
        Assert.Equal(block.Groups[2].Value, stdout);
    }

    /// <summary>The pages that show what dlsim prints keep doing so (a page whose output blocks were lost would go untested).</summary>
    [Theory]
    [InlineData("README.md")]
    [InlineData("docs/commands.md")]
    [InlineData("docs/calibration.md")]
    [InlineData("docs/fidelity.md")]
    public void The_page_shows_commands_with_checked_output(string page)
    {
        Assert.NotEmpty(MarkdownPages.Commands(page));
        Assert.NotEmpty(MarkdownPages.OutputBlocks(page));
    }
}
