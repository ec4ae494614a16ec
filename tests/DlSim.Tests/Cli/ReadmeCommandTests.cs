using System.Text.RegularExpressions;
using DlSim.Cli;
using Xunit;

namespace DlSim.Tests.Cli;

/// <summary>
/// Every <c>dotnet run --project src/DlSim.Cli -- …</c> line in README.md runs and succeeds (a fenced block's lines in order, in one
/// folder, so a later command may read what an earlier one wrote), and every
/// output block marked <c>&lt;!-- output: ARGS --&gt;</c> equals what that command prints.
/// Reference paths are mapped to the reference folder, <c>samples/</c> to the repository's and <c>out/</c> to a temporary folder
/// (and back again in the output shown).
/// </summary>
public partial class ReadmeCommandTests
{
    private static readonly string[] Prefixes = ["dotnet run --project src/DlSim.Cli -- ", "dotnet run -c Release --project src/DlSim.Cli -- "];
    private const string ReferenceInReadme = "../shared/reference";

    private static readonly string Readme = File.ReadAllText(Path.Combine(RepositoryRoot.Path, "README.md"));

    /// <summary>The commands of each fenced block, one block per entry (lines joined by newlines): a block's commands run in order in one folder, so a later one may read what an earlier one wrote.</summary>
    public static TheoryData<string> CommandBlocks()
    {
        var blocks = new List<string>();
        var current = new List<string>();
        foreach (string line in Readme.Split('\n'))
        {
            string t = line.Trim();
            if (t.StartsWith("```", StringComparison.Ordinal))
            {
                if (current.Count > 0) blocks.Add(string.Join("\n", current));
                current.Clear();
                continue;
            }
            if (Command(t) is string command) current.Add(command);
        }
        return new(blocks);
    }

    /// <summary>The dlsim arguments of a README line that runs dlsim, or null.</summary>
    private static string? Command(string line)
    {
        string? prefix = Prefixes.FirstOrDefault(p => line.StartsWith(p, StringComparison.Ordinal));
        if (prefix is null) return null;
        int comment = line.IndexOf(" #", StringComparison.Ordinal);
        return (comment >= 0 ? line[..comment] : line)[prefix.Length..].Trim();
    }

    private static List<string> CommandLines()
    {
        var data = new List<string>();
        foreach (string line in Readme.Split('\n'))
            if (Command(line.Trim()) is string command) data.Add(command);
        return data;
    }

    public static TheoryData<string> OutputBlocks() => new(OutputBlock().Matches(Readme).Select(m => m.Groups[1].Value.Trim()));

    [Fact]
    public void The_readme_shows_commands_and_outputs() => Assert.True(CommandLines().Count >= 4 && OutputBlock().Matches(Readme).Count >= 2);

    [Theory, MemberData(nameof(CommandBlocks))]
    public void Readme_commands_succeed(string block)
    {
        using var dir = new TempDir();
        foreach (string command in block.Split('\n'))
        {
            var (code, stdout, stderr) = Run(command, dir);
            Assert.True(code == 0, $"{command}: exit {code}: {stderr}");
            Assert.NotEmpty(stdout);
        }
    }

    [Theory, MemberData(nameof(OutputBlocks))]
    public void Readme_output_matches_the_command(string label)
    {
        var match = OutputBlock().Matches(Readme).Single(m => m.Groups[1].Value.Trim() == label);
        string expected = match.Groups[2].Value.Replace("\r\n", "\n");
        var commands = CommandLines();
        string command = commands.FirstOrDefault(c => c == label) ?? commands.First(c => c.StartsWith(label + " ", StringComparison.Ordinal));
        using var dir = new TempDir();
        var (code, stdout, _) = Run(command, dir);
        Assert.Equal(0, code);
        string shown = stdout.Replace(ReferenceData.Root, ReferenceInReadme).Replace(dir.Path + Path.DirectorySeparatorChar, "out/")
            .Replace(Path.Combine(RepositoryRoot.Path, "samples") + Path.DirectorySeparatorChar, "samples/");
        Assert.Equal(expected, shown.Replace("\r\n", "\n"));
    }

    private static (int Code, string Out, string Err) Run(string command, TempDir dir)
    {
        var args = SplitArgs(command)
            .Select(a => a.Replace(ReferenceInReadme, ReferenceData.Root))
            .Select(a => a.StartsWith("out/", StringComparison.Ordinal) ? dir.File(a["out/".Length..]) : a)
            .Select(a => a.StartsWith("samples/", StringComparison.Ordinal) ? Path.Combine(RepositoryRoot.Path, a) : a)
            .Select(a => a.StartsWith("@samples/", StringComparison.Ordinal) ? "@" + Path.Combine(RepositoryRoot.Path, a[1..]) : a)
            .Select(a => a == "1000000" ? "20000" : a) // bench: fewer requests in tests
            .ToArray();
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int code = DlSimCli.Run(args, stdout, stderr);
        return (code, stdout.ToString(), stderr.ToString());
    }

    /// <summary>Splits on spaces, keeping single- or double-quoted words together.</summary>
    private static IEnumerable<string> SplitArgs(string command) =>
        Word().Matches(command).Select(m => m.Groups[1].Success ? m.Groups[1].Value : m.Groups[2].Success ? m.Groups[2].Value : m.Value);

    [GeneratedRegex("""<!-- output: (.+?) -->\s*```text\n(.*?)```""", RegexOptions.Singleline)]
    private static partial Regex OutputBlock();

    [GeneratedRegex("""'([^']*)'|"([^"]*)"|\S+""")]
    private static partial Regex Word();
}
