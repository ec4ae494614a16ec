using System.Text;

namespace DlSim.Sweeps;

/// <summary>
/// Job files that run a sweep on the engines users already have: a Slurm job-array script (one task per shard, the first
/// task also submitting the merge as a job that waits for the whole array) and a Kubernetes Indexed Job (one pod per
/// shard, the sweep and its folder on a volume). Both run <c>dlsim sweep run</c>, which takes its shard from the
/// array's environment.
/// </summary>
public static class SweepJobs
{
    /// <param name="dlsim">The command that runs dlsim on the compute nodes (an installed tool or a published binary).</param>
    public static string SlurmArray(string name, string sweepPath, string outputDir, int tasks, int cpusPerTask, string dlsim)
    {
        string job = JobName(name);
        var s = new StringBuilder();
        s.Append("#!/bin/bash\n");
        s.Append($"# DLSIM sweep \"{name}\" as a Slurm job array: {tasks} task(s), task I runs the cases whose index ≡ I (mod {tasks}).\n");
        s.Append("# Submit with: sbatch THIS_FILE   (paths are relative to the folder sbatch is run from)\n");
        s.Append($"#SBATCH --job-name={job}\n");
        s.Append($"#SBATCH --array=0-{tasks - 1}\n");
        s.Append($"#SBATCH --cpus-per-task={cpusPerTask}\n");
        s.Append("#SBATCH --output=slurm-%x-%A_%a.out\n");
        s.Append("set -euo pipefail\n");
        s.Append($"DLSIM=${{DLSIM:-{dlsim}}}\n");
        s.Append($"SWEEP={Quote(sweepPath)}\n");
        s.Append($"OUT={Quote(outputDir)}\n");
        s.Append("# The first task submits the merge, which starts once every task of the array has succeeded.\n");
        s.Append("if [ \"${SLURM_ARRAY_TASK_ID}\" = \"${SLURM_ARRAY_TASK_MIN:-0}\" ] && [ -z \"${DLSIM_NO_MERGE_JOB:-}\" ]; then\n");
        s.Append($"  sbatch --job-name={job}-merge --dependency=afterok:\"${{SLURM_ARRAY_JOB_ID}}\" --output=\"slurm-%x-%j.out\" \\\n");
        s.Append("    --wrap \"$DLSIM sweep merge '$OUT' -o '$OUT/results.csv'\"\n");
        s.Append("fi\n");
        s.Append("# dlsim reads SLURM_ARRAY_TASK_ID and SLURM_ARRAY_TASK_COUNT for its shard.\n");
        s.Append("exec $DLSIM sweep run \"$SWEEP\" -o \"$OUT\" --jobs \"${SLURM_CPUS_PER_TASK:-1}\"\n");
        return s.ToString();
    }

    /// <param name="volumeClaim">The PersistentVolumeClaim holding the sweep file, its inputs and the output folder, mounted at /data.</param>
    public static string KubernetesIndexedJob(string name, string sweepPath, string outputDir, int tasks, int cpusPerTask, string image, string volumeClaim)
    {
        string job = JobName(name);
        var s = new StringBuilder();
        s.Append($"# DLSIM sweep \"{name}\" as a Kubernetes Indexed Job: {tasks} pod(s), pod I runs the cases whose index ≡ I (mod {tasks}).\n");
        s.Append("# The volume claim holds the sweep file, its inputs and the output folder, mounted at /data (the working directory).\n");
        s.Append($"# Then merge: dlsim sweep merge {outputDir} -o {outputDir}/results.csv\n");
        s.Append("apiVersion: batch/v1\n");
        s.Append("kind: Job\n");
        s.Append("metadata:\n");
        s.Append($"  name: {job}\n");
        s.Append("spec:\n");
        s.Append("  completionMode: Indexed\n");
        s.Append($"  completions: {tasks}\n");
        s.Append($"  parallelism: {tasks}\n");
        s.Append($"  backoffLimitPerIndex: 2\n");
        s.Append("  template:\n");
        s.Append("    spec:\n");
        s.Append("      restartPolicy: Never\n");
        s.Append("      containers:\n");
        s.Append("        - name: dlsim\n");
        s.Append($"          image: {Yaml(image)}\n");
        s.Append("          workingDir: /data\n");
        s.Append($"          args: [\"sweep\", \"run\", {Yaml(sweepPath)}, \"-o\", {Yaml(outputDir)}, \"--shards\", \"{tasks}\", \"--jobs\", \"{cpusPerTask}\"]\n");
        s.Append("          resources:\n");
        s.Append($"            requests: {{ cpu: \"{cpusPerTask}\" }}\n");
        s.Append("          volumeMounts:\n");
        s.Append("            - { name: data, mountPath: /data }\n");
        s.Append("      volumes:\n");
        s.Append($"        - name: data\n");
        s.Append($"          persistentVolumeClaim: {{ claimName: {Yaml(volumeClaim)} }}\n");
        return s.ToString();
    }

    /// <summary>A job name both engines accept: lower-case letters, digits and dashes, at most 50 characters.</summary>
    public static string JobName(string name)
    {
        var s = new StringBuilder("dlsim-");
        foreach (char c in name.ToLowerInvariant()) s.Append(char.IsAsciiLetterOrDigit(c) ? c : '-');
        string job = s.ToString().Trim('-');
        return job.Length <= 50 ? job : job[..50].TrimEnd('-');
    }

    /// <summary>A path for a shell script, single-quoted when it holds anything but plain characters.</summary>
    private static string Quote(string path) =>
        path.All(c => char.IsAsciiLetterOrDigit(c) || c is '/' or '.' or '_' or '-') ? path : "'" + path.Replace("'", "'\\''") + "'";

    /// <summary>A YAML double-quoted string.</summary>
    private static string Yaml(string text) => "\"" + text.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"";
}
