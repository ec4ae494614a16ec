using System.Text.RegularExpressions;
using DlSim.Tests.Cli;

namespace DlSim.Tests.Docs;

/// <summary>
/// The repository's documentation (README.md and docs/*.md) as the tests read it: the <c>dlsim</c> commands shown in
/// fenced blocks, the output blocks marked <c>&lt;!-- output: ARGS --&gt;</c>, and how a command shown on a page runs
/// in a test. Paths on the pages are mapped when a command runs: <c>../shared/reference</c> to the reference folder,
/// <c>samples/</c> to the repository's, <c>out/</c> to a temporary folder; and back again in the output shown.
/// </summary>
public static partial class MarkdownPages
{
    private static readonly string[] Prefixes = ["dotnet run --project src/DlSim.Cli -- ", "dotnet run -c Release --project src/DlSim.Cli -- "];
    private const string ReferenceOnPages = "../shared/reference";

    /// <summary>Every page, as a path relative to the repository with '/' separators: README.md first, then docs/*.md by name.</summary>
    public static IReadOnlyList<string> All { get; } =
        ["README.md", .. Directory.GetFiles(Path.Combine(RepositoryRoot.Path, "docs"), "*.md").Select(f => "docs/" + Path.GetFileName(f)).Order(StringComparer.Ordinal)];

    public static string Text(string page) => File.ReadAllText(FullPath(page)).Replace("\r\n", "\n");

    /// <summary>The data rows of the table right under the line <paramref name="marker"/> (after its header and rule),
    /// each split into trimmed cells.</summary>
    public static List<string[]> TableRows(string page, string marker)
    {
        var lines = Text(page).Split('\n');
        int at = Array.IndexOf(lines, marker);
        if (at < 0) throw new InvalidOperationException($"{page} has no line {marker}");
        return [.. lines.Skip(at + 3).TakeWhile(l => l.StartsWith('|'))
            .Select(l => l.Trim('|').Split('|').Select(c => c.Trim()).ToArray())];
    }

    public static string FullPath(string page) => Path.Combine(RepositoryRoot.Path, page.Replace('/', Path.DirectorySeparatorChar));

    /// <summary>The dlsim arguments of each fenced block of a page that runs dlsim, one list per block, in page order.</summary>
    public static List<List<string>> CommandBlocks(string page)
    {
        var blocks = new List<List<string>>();
        var current = new List<string>();
        foreach (string line in Text(page).Split('\n'))
        {
            string t = line.Trim();
            if (t.StartsWith("```", StringComparison.Ordinal))
            {
                if (current.Count > 0) blocks.Add(current);
                current = [];
                continue;
            }
            if (Command(t) is string command) current.Add(command);
        }
        return blocks;
    }

    /// <summary>Every dlsim command of a page, in page order.</summary>
    public static List<string> Commands(string page) => CommandBlocks(page).SelectMany(b => b).ToList();

    /// <summary>The output blocks of a page: group 1 is the label (the command's arguments or their start), group 2 the text.</summary>
    public static MatchCollection OutputBlocks(string page) => OutputBlock().Matches(Text(page));

    /// <summary>The command an output label names on its page: the command equal to the label, else the first that starts with it.</summary>
    public static string CommandOf(string page, string label)
    {
        var commands = Commands(page);
        return commands.FirstOrDefault(c => c == label)
            ?? commands.FirstOrDefault(c => c.StartsWith(label + " ", StringComparison.Ordinal))
            ?? throw new InvalidOperationException($"{page}: no command for the output block '{label}'");
    }

    /// <summary>The dlsim arguments of a page line that runs dlsim (a trailing <c> # comment</c> left out), or null.</summary>
    private static string? Command(string line)
    {
        string? prefix = Prefixes.FirstOrDefault(p => line.StartsWith(p, StringComparison.Ordinal));
        if (prefix is null) return null;
        int comment = line.IndexOf(" #", StringComparison.Ordinal);
        return (comment >= 0 ? line[..comment] : line)[prefix.Length..].Trim();
    }

    /// <summary>The arguments a page's command runs with in a test, paths mapped into the reference, samples and temporary folders.</summary>
    public static string[] Arguments(string command, TempDir dir)
    {
        var args = Word().Matches(command).Select(m => m.Groups[1].Success ? m.Groups[1].Value : m.Groups[2].Success ? m.Groups[2].Value : m.Value)
            .Select(a => a.Replace(ReferenceOnPages, ReferenceData.Root))
            .Select(a => a.StartsWith("out/", StringComparison.Ordinal) ? dir.File(a["out/".Length..]) : a)
            .Select(a => a.StartsWith("samples/", StringComparison.Ordinal) ? Path.Combine(RepositoryRoot.Path, a) : a)
            .Select(a => a.StartsWith("@samples/", StringComparison.Ordinal) ? "@" + Path.Combine(RepositoryRoot.Path, a[1..]) : a)
            .ToArray();
        if (args.Length > 0 && args[0] == "bench")
            for (int i = 0; i < args.Length; i++) if (args[i] == "1000000") args[i] = "20000"; // fewer requests in tests
        return args;
    }

    /// <summary>Runs a page's command in-process; stdout comes back with paths written as the page writes them.</summary>
    public static (int Code, string Out, string Err) Run(string command, TempDir dir)
    {
        var (code, stdout, stderr) = CliRunner.Run(Arguments(command, dir));
        string shown = stdout.Replace("\r\n", "\n").Replace(ReferenceData.Root, ReferenceOnPages)
            .Replace(dir.Path + Path.DirectorySeparatorChar, "out/")
            .Replace(Path.Combine(RepositoryRoot.Path, "samples") + Path.DirectorySeparatorChar, "samples/");
        return (code, shown, stderr);
    }

    [GeneratedRegex("""<!-- output: (.+?) -->\s*```text\n(.*?)```""", RegexOptions.Singleline)]
    private static partial Regex OutputBlock();

    [GeneratedRegex("""'([^']*)'|"([^"]*)"|\S+""")]
    private static partial Regex Word();
}
