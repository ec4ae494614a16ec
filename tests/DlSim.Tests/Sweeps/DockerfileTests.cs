using System.Diagnostics;
using System.Text.RegularExpressions;
using Xunit;

namespace DlSim.Tests.Sweeps;

/// <summary>
/// The image `sweep k8s` names is built by the repository's Dockerfile. No container engine runs here, so the test runs
/// the Dockerfile's own publish step (its `RUN dotnet publish` line, output redirected) and checks that its ENTRYPOINT is
/// the published dlsim and answers.
/// </summary>
[Collection(DlSim.Tests.Cli.ReleaseBuilds.Name)]
public partial class DockerfileTests
{
    [Fact]
    public void The_publish_step_of_the_Dockerfile_works_and_its_entry_point_is_the_published_dlsim()
    {
        string dockerfile = File.ReadAllText(Path.Combine(RepositoryRoot.Path, "Dockerfile"));
        var publish = PublishLine().Match(dockerfile);
        Assert.True(publish.Success, "the Dockerfile has no RUN dotnet publish … -o DIR line");
        string appDir = publish.Groups["out"].Value;
        var entry = EntryPoint().Match(dockerfile);
        Assert.True(entry.Success, "the Dockerfile has no ENTRYPOINT [\"…\"]");
        string entryPath = entry.Groups["exe"].Value;
        Assert.StartsWith(appDir + "/", entryPath);
        Assert.Contains($"COPY --from=build {appDir} {appDir}", dockerfile);

        using var dir = new TempDir();
        string args = publish.Groups["args"].Value + " -o " + dir.Path;
        var (code, output) = Run("dotnet", args.Split(' ', StringSplitOptions.RemoveEmptyEntries), RepositoryRoot.Path);
        Assert.True(code == 0, "dotnet " + args + ":\n" + output);
        string published = Path.Combine(dir.Path, entryPath[(appDir.Length + 1)..]);
        Assert.True(File.Exists(published), $"the entry point {entryPath} is not in the published output");
        var (helpCode, help) = Run(published, ["sweep", "--help"], dir.Path);
        Assert.True(helpCode == 0, help);
        Assert.Contains("run", help);
        Assert.Contains("merge", help);
    }

    private static (int Code, string Output) Run(string file, string[] args, string workingDirectory)
    {
        var start = new ProcessStartInfo(file, args) { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true };
        using var p = Process.Start(start)!;
        var stderr = p.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        string stdout = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        return (p.ExitCode, stdout + stderr.Result);
    }

    [GeneratedRegex(@"^RUN dotnet (?<args>publish .*?) -o (?<out>/\S+)\s*$", RegexOptions.Multiline)]
    private static partial Regex PublishLine();

    [GeneratedRegex(@"^ENTRYPOINT \[""(?<exe>[^""]+)""\]", RegexOptions.Multiline)]
    private static partial Regex EntryPoint();
}
