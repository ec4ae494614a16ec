using System.Text.RegularExpressions;
using DlSim.Cli;
using Xunit;

namespace DlSim.Tests.Cli;

/// <summary>
/// Every output block marked <c>&lt;!-- output: ARGS --&gt;</c> in docs/*.md equals what the command it names (the first
/// <c>dotnet run --project src/DlSim.Cli -- </c> line of the page starting with ARGS) prints, with reference paths mapped to the
/// reference folder and <c>out/</c> to a temporary folder (and back in the output shown), as in README.md.
/// </summary>
public partial class DocsCommandTests
{
    private const string Prefix = "dotnet run --project src/DlSim.Cli -- ";
    private const string ReferenceInDocs = "../shared/reference";

    private static string DocsFolder => Path.Combine(RepositoryRoot.Path, "docs");

    public static TheoryData<string, string> OutputBlocks()
    {
        var data = new TheoryData<string, string>();
        foreach (string file in Directory.GetFiles(DocsFolder, "*.md").Order(StringComparer.Ordinal))
            foreach (Match m in OutputBlock().Matches(File.ReadAllText(file)))
                data.Add(Path.GetFileName(file), m.Groups[1].Value.Trim());
        return data;
    }

    [Fact]
    public void The_fidelity_page_shows_a_checked_output() =>
        Assert.Contains("<!-- output: ", File.ReadAllText(Path.Combine(DocsFolder, "fidelity.md")));

    [Theory, MemberData(nameof(OutputBlocks))]
    public void Docs_output_matches_the_command(string page, string label)
    {
        string text = File.ReadAllText(Path.Combine(DocsFolder, page));
        var match = OutputBlock().Matches(text).First(m => m.Groups[1].Value.Trim() == label);
        string command = text.Split('\n').Select(l => l.Trim()).Where(l => l.StartsWith(Prefix, StringComparison.Ordinal))
            .Select(l => l[Prefix.Length..]).First(c => c == label || c.StartsWith(label + " ", StringComparison.Ordinal));
        using var dir = new TempDir();
        var args = command.Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Select(a => a.Replace(ReferenceInDocs, ReferenceData.Root))
            .Select(a => a.StartsWith("out/", StringComparison.Ordinal) ? dir.File(a["out/".Length..]) : a).ToArray();
        var (code, stdout, stderr) = CliRunner.Run(args);

        Assert.True(code == 0, stderr);
        string shown = stdout.Replace(ReferenceData.Root, ReferenceInDocs).Replace(dir.Path + Path.DirectorySeparatorChar, "out/");
        Assert.Equal(match.Groups[2].Value.Replace("\r\n", "\n"), shown.Replace("\r\n", "\n"));
    }

    [GeneratedRegex("""<!-- output: (.+?) -->\s*```text\n(.*?)```""", RegexOptions.Singleline)]
    private static partial Regex OutputBlock();
}
