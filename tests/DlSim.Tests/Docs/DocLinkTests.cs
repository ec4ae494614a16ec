using System.Text;
using System.Text.RegularExpressions;
using Xunit;

namespace DlSim.Tests.Docs;

/// <summary>
/// The README stays a front page, and every relative link on README.md and docs/*.md leads somewhere: to a file or
/// folder of the repository and, when it names an anchor (<c>page.md#section</c>), to a heading of that page.
/// </summary>
public partial class DocLinkTests
{
    private const int ReadmeMaxLines = 250;

    [Fact]
    public void The_readme_is_a_front_page() =>
        Assert.InRange(MarkdownPages.Text("README.md").TrimEnd('\n').Split('\n').Length, 20, ReadmeMaxLines);

    public static TheoryData<string> Pages() => new(MarkdownPages.All);

    [Theory, MemberData(nameof(Pages))]
    public void Every_relative_link_leads_to_a_file_and_heading(string page)
    {
        var broken = new List<string>();
        foreach (string target in RelativeLinks(MarkdownPages.Text(page)))
        {
            int hash = target.IndexOf('#');
            string file = hash < 0 ? target : target[..hash];
            string? anchor = hash < 0 ? null : target[(hash + 1)..];
            string linked = file.Length == 0 ? page : Normalise(Path.GetDirectoryName(page)!.Replace('\\', '/'), file);
            string full = MarkdownPages.FullPath(linked);
            if (!File.Exists(full) && !Directory.Exists(full)) broken.Add($"{target}: no file {linked}");
            else if (anchor is not null && !(linked.EndsWith(".md", StringComparison.Ordinal) && Anchors(MarkdownPages.Text(linked)).Contains(anchor)))
                broken.Add($"{target}: no heading #{anchor} in {linked}");
        }
        Assert.True(broken.Count == 0, $"{page}: broken links:\n" + string.Join("\n", broken));
    }

    [Fact]
    public void Anchors_are_made_as_GitHub_makes_them() =>
        Assert.Equal(["dlsim-workload-replay-merge-slice-and-scale", "fidelity-calibrated-runs-against-the-real-traces", "notes", "notes-1"],
            Anchors("# `dlsim workload replay`, `merge`, `slice` and `scale`\n## Fidelity: calibrated runs against the real traces\n```\n# not a heading\n```\n### Notes\n### Notes\n"));

    [Fact]
    public void Links_in_code_and_to_other_sites_are_not_checked() =>
        Assert.Equal(["a.md", "b.png", "#c"],
            RelativeLinks("[a](a.md) ![b](b.png) [c](#c) [web](https://example.org) `[x](x.md)`\n```\n[y](y.md)\n```\n"));

    /// <summary>The link targets of a page outside code, without web and mail addresses.</summary>
    private static List<string> RelativeLinks(string text) =>
        OutsideCode(text).SelectMany(line => Link().Matches(InlineCode().Replace(line, "")).Select(m => m.Groups[1].Value))
            .Where(t => !t.Contains("://", StringComparison.Ordinal) && !t.StartsWith("mailto:", StringComparison.Ordinal)).ToList();

    /// <summary>The anchors of a page's headings: lower case, punctuation dropped, spaces as hyphens, repeats numbered.</summary>
    private static List<string> Anchors(string text)
    {
        var anchors = new List<string>();
        foreach (string line in OutsideCode(text))
        {
            var heading = Heading().Match(line);
            if (!heading.Success) continue;
            var slug = new StringBuilder();
            foreach (char c in heading.Groups[1].Value.Trim().ToLowerInvariant())
                if (char.IsLetterOrDigit(c) || c is '-' or '_') slug.Append(c);
                else if (c == ' ') slug.Append('-');
            string anchor = slug.ToString();
            int repeats = anchors.Count(a => a == anchor);
            anchors.Add(anchor);
            if (repeats > 0) anchors[^1] = $"{anchor}-{repeats}";
        }
        return anchors;
    }

    private static IEnumerable<string> OutsideCode(string text)
    {
        bool inFence = false;
        foreach (string line in text.Split('\n'))
        {
            if (line.TrimStart().StartsWith("```", StringComparison.Ordinal)) { inFence = !inFence; continue; }
            if (!inFence) yield return line;
        }
    }

    /// <summary>A path relative to a page's folder as a path relative to the repository ('..' resolved).</summary>
    private static string Normalise(string folder, string relative)
    {
        var parts = new List<string>(folder.Length == 0 ? [] : folder.Split('/'));
        foreach (string part in relative.Split('/'))
            if (part == "..") { if (parts.Count > 0) parts.RemoveAt(parts.Count - 1); else parts.Add(part); }
            else if (part is not ("." or "")) parts.Add(part);
        return string.Join("/", parts);
    }

    [GeneratedRegex(@"\]\(([^)\s]+)(?:\s+""[^""]*"")?\)")]
    private static partial Regex Link();

    [GeneratedRegex("`[^`]*`")]
    private static partial Regex InlineCode();

    [GeneratedRegex(@"^#{1,6}\s+(.+?)\s*#*\s*$")]
    private static partial Regex Heading();
}
