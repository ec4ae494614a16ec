using DlSim.Tests.Cli;
using Xunit;

namespace DlSim.Tests.Reports;

/// <summary>
/// The commands in docs/report.md run, in order in one folder, and every report they write is a well-formed page with
/// the figures the document lists for its command. Paths map as in the README's test: the reference folder, samples/, out/.
/// </summary>
public class ReportDocTests
{
    private const string Prefix = "dotnet run --project src/DlSim.Cli -- ";

    [Fact]
    public void Every_command_in_the_report_document_runs_and_writes_the_report_it_describes()
    {
        string doc = File.ReadAllText(Path.Combine(RepositoryRoot.Path, "docs", "report.md"));
        var commands = doc.Split('\n').Select(l => l.Trim()).Where(l => l.StartsWith(Prefix, StringComparison.Ordinal)).Select(l => l[Prefix.Length..]).ToList();
        Assert.Equal(5, commands.Count);
        Assert.True(File.Exists(Path.Combine(RepositoryRoot.Path, "docs", "images", "report.png")), "docs/images/report.png is missing");
        using var dir = new TempDir();
        int reports = 0;
        foreach (string command in commands)
        {
            var args = command.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(a => Map(a, dir)).ToArray();
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

    private static string Map(string arg, TempDir dir) => arg
        .Replace("../shared/reference", ReferenceData.Root)
        .Replace("samples/", Path.Combine(RepositoryRoot.Path, "samples") + "/")
        .Replace("out/", dir.Path + "/");
}
