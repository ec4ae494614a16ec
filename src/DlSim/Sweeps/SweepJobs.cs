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
        return $$"""
            #!/bin/bash
            # DLSIM sweep "{{name}}" as a Slurm job array: {{tasks}} task(s), task I runs the cases whose index ≡ I (mod {{tasks}}).
            # Submit with: sbatch THIS_FILE   (paths are relative to the folder sbatch is run from)
            #SBATCH --job-name={{job}}
            #SBATCH --array=0-{{tasks - 1}}
            #SBATCH --cpus-per-task={{cpusPerTask}}
            #SBATCH --output=slurm-%x-%A_%a.out
            set -euo pipefail
            DLSIM=${DLSIM:-{{dlsim}}}
            SWEEP={{Quote(sweepPath)}}
            OUT={{Quote(outputDir)}}
            # The first task submits the merge, which starts once every task of the array has succeeded.
            if [ "${SLURM_ARRAY_TASK_ID}" = "${SLURM_ARRAY_TASK_MIN:-0}" ] && [ -z "${DLSIM_NO_MERGE_JOB:-}" ]; then
              sbatch --job-name={{job}}-merge --dependency=afterok:"${SLURM_ARRAY_JOB_ID}" --output="slurm-%x-%j.out" \
                --wrap "$DLSIM sweep merge '$OUT' -o '$OUT/results.csv'"
            fi
            # dlsim reads SLURM_ARRAY_TASK_ID and SLURM_ARRAY_TASK_COUNT for its shard.
            exec $DLSIM sweep run "$SWEEP" -o "$OUT" --jobs "${SLURM_CPUS_PER_TASK:-1}"

            """;
    }

    /// <param name="volumeClaim">The PersistentVolumeClaim holding the sweep file, its inputs and the output folder, mounted at /data.</param>
    public static string KubernetesIndexedJob(string name, string sweepPath, string outputDir, int tasks, int cpusPerTask, string image, string volumeClaim) =>
        $$"""
        # DLSIM sweep "{{name}}" as a Kubernetes Indexed Job: {{tasks}} pod(s), pod I runs the cases whose index ≡ I (mod {{tasks}}).
        # The volume claim holds the sweep file, its inputs and the output folder, mounted at /data (the working directory).
        # Then merge: dlsim sweep merge {{outputDir}} -o {{outputDir}}/results.csv
        apiVersion: batch/v1
        kind: Job
        metadata:
          name: {{JobName(name)}}
        spec:
          completionMode: Indexed
          completions: {{tasks}}
          parallelism: {{tasks}}
          backoffLimitPerIndex: 2
          template:
            spec:
              restartPolicy: Never
              containers:
                - name: dlsim
                  image: {{Yaml(image)}}
                  workingDir: /data
                  args: ["sweep", "run", {{Yaml(sweepPath)}}, "-o", {{Yaml(outputDir)}}, "--shards", "{{tasks}}", "--jobs", "{{cpusPerTask}}"]
                  resources:
                    requests: { cpu: "{{cpusPerTask}}" }
                  volumeMounts:
                    - { name: data, mountPath: /data }
              volumes:
                - name: data
                  persistentVolumeClaim: { claimName: {{Yaml(volumeClaim)}} }

        """;

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
