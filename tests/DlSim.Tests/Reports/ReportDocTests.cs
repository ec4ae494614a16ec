using DlSim.Tests.Cli;
using DlSim.Tests.Docs;
using Xunit;

namespace DlSim.Tests.Reports;

/// <summary>
/// The commands in docs/report.md run, in order in one folder, and every report they write is a well-formed page with
/// the figures the document lists for its command. Paths map as for every page (<see cref="MarkdownPages"/>).
/// </summary>
public class ReportDocTests
{
    [Fact]
    public void Every_command_in_the_report_document_runs_and_writes_the_report_it_describes()
    {
        string doc = MarkdownPages.Text("docs/report.md");
        var commands = MarkdownPages.Commands("docs/report.md");
        Assert.Equal(5, commands.Count);
        Assert.True(File.Exists(Path.Combine(RepositoryRoot.Path, "docs", "images", "report.png")), "docs/images/report.png is missing");
        using var dir = new TempDir();
        int reports = 0;
        foreach (string command in commands)
        {
            var args = MarkdownPages.Arguments(command, dir);
            var (code, _, stderr) = CliRunner.Run(args);
            Assert.True(code == 0, $"{command}: exit {code}: {stderr}");
            int at = Array.IndexOf(args, "--report");
            if (at < 0) continue;
            string kind = args[0] == "sweep" ? ReportRuns.Sweep : args[0];
            var page = HtmlReportTests.Parse(File.ReadAllText(args[at + 1]));
            Assert.Equal(ReportRuns.FigureIds(kind).Select(id => "fig-" + id), page.Descendants("figure").Select(f => (string?)f.Attribute("id")));
            foreach (string id in ReportRuns.FigureIds(kind)) Assert.Contains($"`{id}`", doc);
            reports++;
        }
        Assert.Equal(4, reports);
    }
}
