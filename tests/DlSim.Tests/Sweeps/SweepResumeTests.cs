using System.Diagnostics;
using DlSim.Cli;
using DlSim.Tests.Cli;
using Xunit;

namespace DlSim.Tests.Sweeps;

/// <summary>A sweep run killed midway (SIGKILL: no clean-up at all) resumes where it stopped and merges to the same table.</summary>
public class SweepResumeTests
{
    private const string Sweep = """
        { "name": "resume", "base": { "--closed-loop": ["0=4", "1=4"], "--overhead": "0", "--duration": 40000 },
          "axes": [ { "flag": "--seed", "values": [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12] } ] }
        """;

    [Fact]
    public void A_run_killed_midway_finishes_the_rest_without_redoing_finished_cases_and_merges_the_same()
    {
        using var dir = new TempDir();
        string sweep = dir.Write("s.json", Sweep);
        string cases = Path.Combine(dir.File("killed"), "cases");
        var start = new ProcessStartInfo("dotnet", [typeof(DlSimCli).Assembly.Location, "sweep", "run", sweep, "-o", dir.File("killed"), "--jobs", "1"])
        { RedirectStandardError = true, RedirectStandardOutput = true };
        using (var p = Process.Start(start)!)
        {
            var clock = Stopwatch.StartNew();
            while (Finished(cases) < 3 && !p.HasExited && clock.Elapsed.TotalSeconds < 120) Thread.Sleep(20);
            Assert.False(p.HasExited, "the sweep finished before it could be killed; make its cases longer");
            p.Kill();
            p.WaitForExit();
        }
        int before = Finished(cases);
        Assert.InRange(before, 3, 11);
        var stamps = Directory.GetFiles(cases, "*.json").ToDictionary(f => f, File.GetLastWriteTimeUtc);

        var (code, _, err) = CliRunner.Run("sweep", "run", sweep, "-o", dir.File("killed"));
        Assert.True(code == 0, err);
        Assert.Contains($"{before} already done, {12 - before} to run", err);
        Assert.All(stamps, s => Assert.Equal(s.Value, File.GetLastWriteTimeUtc(s.Key)));

        Assert.Equal(0, CliRunner.Run("sweep", "run", sweep, "-o", dir.File("whole")).Code);
        Assert.Equal(0, CliRunner.Run("sweep", "merge", dir.File("killed"), "-o", dir.File("killed.csv")).Code);
        Assert.Equal(0, CliRunner.Run("sweep", "merge", dir.File("whole"), "-o", dir.File("whole.csv")).Code);
        Assert.Equal(File.ReadAllBytes(dir.File("whole.csv")), File.ReadAllBytes(dir.File("killed.csv")));
    }

    /// <summary>Case files written whole (a killed write leaves at most a temporary file, which is not a case).</summary>
    private static int Finished(string cases) => Directory.Exists(cases) ? Directory.GetFiles(cases, "*.json").Length : 0;
}
