using System.Diagnostics;
using Xunit;

namespace DlSim.Tests.Cli;

/// <summary>
/// `dotnet pack` makes the .NET tool dlsim, and `dotnet tool install` of it gives a dlsim that runs like the project does
/// (docs/install.md). The install goes to a temporary tool path from a temporary package cache, so no earlier package of
/// the same version can stand in for the one just packed.
/// </summary>
[Collection(ReleaseBuilds.Name)]
public class ToolPackageTests
{
    [Fact]
    public void Pack_then_tool_install_gives_a_dlsim_that_simulates_like_dotnet_run_and_names_itself_dlsim()
    {
        using var dir = new TempDir();
        string project = Path.Combine(RepositoryRoot.Path, "src", "DlSim.Cli", "DlSim.Cli.csproj");
        var pack = Run("dotnet", ["pack", project, "-c", "Release", "-o", dir.File("package")], dir.Path);
        Assert.True(pack.Code == 0, "dotnet pack:\n" + pack.Output);
        Assert.Single(Directory.GetFiles(dir.File("package"), "dlsim.*.nupkg"));

        var install = Run("dotnet", ["tool", "install", "--tool-path", dir.File("tools"), "dlsim", "--add-source", dir.File("package")], dir.Path,
            ("NUGET_PACKAGES", dir.File("nuget")));
        Assert.True(install.Code == 0, "dotnet tool install:\n" + install.Output);
        string dlsim = dir.File(Path.Combine("tools", "dlsim"));

        var tool = Run(dlsim, ["simulate"], dir.Path);
        Assert.True(tool.Code == 0, tool.Output);
        var inProcess = CliRunner.Run("simulate");
        Assert.Equal(inProcess.Out, tool.Stdout);
        var dotnetRun = Run("dotnet", ["run", "--no-build", "--project", Path.GetDirectoryName(project)!, "--", "simulate"], dir.Path);
        Assert.True(dotnetRun.Code == 0, dotnetRun.Output);
        Assert.Equal(dotnetRun.Stdout, tool.Stdout);

        var help = Run(dlsim, ["--help"], dir.Path);
        Assert.Contains("Usage:\n  dlsim [command] [options]", help.Stdout.ReplaceLineEndings("\n"));
        var bad = Run(dlsim, ["simulate", "--no-such-flag"], dir.Path);
        Assert.Equal(2, bad.Code);
        Assert.StartsWith("dlsim: ", bad.Output);
    }

    private static (int Code, string Stdout, string Output) Run(string file, string[] args, string workingDirectory, params (string Name, string Value)[] environment)
    {
        var start = new ProcessStartInfo(file, args) { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var (name, value) in environment) start.Environment[name] = value;
        using var p = Process.Start(start)!;
        var stderr = p.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        string stdout = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        return (p.ExitCode, stdout, stdout + stderr.Result);
    }
}

/// <summary>Tests that build dlsim in Release (pack, publish) share its obj folder, so they run one at a time.</summary>
public static class ReleaseBuilds
{
    public const string Name = "Release builds of dlsim";
}
