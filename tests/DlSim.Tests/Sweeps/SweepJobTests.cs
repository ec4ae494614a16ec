using System.Diagnostics;
using DlSim.Cli;
using DlSim.Tests.Cli;
using Xunit;

namespace DlSim.Tests.Sweeps;

/// <summary>The job files: their shape, and the Slurm script run as its array tasks would run it (without Slurm itself).</summary>
public class SweepJobTests
{
    private const string Sweep = """
        { "name": "jobs", "base": { "--closed-loop": "0=2", "--duration": 5 },
          "axes": [ { "flag": "--routing", "values": ["earliest-free", "round-robin", "random"] }, { "flag": "--seed", "values": [1, 2, 3] } ] }
        """;

    [Fact]
    public void The_slurm_script_run_as_each_array_task_gives_the_local_sweeps_table()
    {
        using var dir = new TempDir();
        string sweep = dir.Write("s.json", Sweep);
        var (code, _, err) = CliRunner.Run("sweep", "slurm", sweep, "--tasks", "4", "--sweep-dir", dir.File("array"), "-o", dir.File("job.sbatch"));
        Assert.True(code == 0, err);
        string script = File.ReadAllText(dir.File("job.sbatch"));
        Assert.Contains("#SBATCH --array=0-3\n", script);
        Assert.Contains("--dependency=afterok:", script);
        string dlsim = $"dotnet {typeof(DlSimCli).Assembly.Location}";
        foreach (int task in new[] { 3, 1, 0, 2 })
        {
            var start = new ProcessStartInfo("bash", [dir.File("job.sbatch")]) { RedirectStandardError = true, RedirectStandardOutput = true, WorkingDirectory = dir.Path };
            start.Environment["SLURM_ARRAY_TASK_ID"] = task.ToString();
            start.Environment["SLURM_ARRAY_TASK_COUNT"] = "4";
            start.Environment["DLSIM"] = dlsim;
            start.Environment["DLSIM_NO_MERGE_JOB"] = "1";
            using var p = Process.Start(start)!;
            string stderr = p.StandardError.ReadToEnd();
            p.WaitForExit();
            Assert.True(p.ExitCode == 0, $"task {task}: {stderr}");
            Assert.Contains($"shard {task}/4", stderr);
        }
        Assert.Equal(0, CliRunner.Run("sweep", "merge", dir.File("array"), "-o", dir.File("array.csv")).Code);
        Assert.Equal(0, CliRunner.Run("sweep", "run", sweep, "-o", dir.File("local")).Code);
        Assert.Equal(0, CliRunner.Run("sweep", "merge", dir.File("local"), "-o", dir.File("local.csv")).Code);
        Assert.Equal(File.ReadAllBytes(dir.File("local.csv")), File.ReadAllBytes(dir.File("array.csv")));
    }

    [Fact]
    public void The_kubernetes_manifest_is_an_indexed_job_of_one_pod_per_shard()
    {
        using var dir = new TempDir();
        string sweep = dir.Write("s.json", Sweep);
        var (code, _, err) = CliRunner.Run("sweep", "k8s", sweep, "--tasks", "5", "--image", "registry.example/dlsim:1", "-o", dir.File("job.yaml"));
        Assert.True(code == 0, err);
        string yaml = File.ReadAllText(dir.File("job.yaml"));
        Assert.Contains("completionMode: Indexed\n", yaml);
        Assert.Contains("completions: 5\n", yaml);
        Assert.Contains("parallelism: 5\n", yaml);
        Assert.Contains("image: \"registry.example/dlsim:1\"", yaml);
        Assert.Contains("\"--shards\", \"5\"", yaml);
        Assert.Contains("name: dlsim-jobs\n", yaml);
    }
}
