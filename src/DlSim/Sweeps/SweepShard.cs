using System.Globalization;
using DlSim.Foundation;

namespace DlSim.Sweeps;

/// <summary>Which cases one worker runs: those whose index ≡ <see cref="Index"/> (mod <see cref="Count"/>).</summary>
public readonly record struct SweepShard(int Index, int Count)
{
    public static SweepShard All => new(0, 1);

    public bool Takes(int caseIndex) => caseIndex % Count == Index;

    public override string ToString() => $"{Index}/{Count}";

    /// <summary>Parses <c>I/N</c> (0 ≤ I &lt; N); <paramref name="source"/> names the flag or variable in errors.</summary>
    public static SweepShard Parse(string text, string source)
    {
        var parts = text.Split('/');
        if (parts.Length == 2 && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out int i) &&
            int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out int n) && n >= 1 && i < n)
            return new SweepShard(i, n);
        throw new InputException(source, 0, $"expected a shard I/N with 0 ≤ I < N (e.g. 0/4), found \"{text}\"");
    }

    /// <summary>
    /// The shard an array job gives: Slurm's <c>SLURM_ARRAY_TASK_ID</c> of <c>SLURM_ARRAY_TASK_COUNT</c>, or Kubernetes'
    /// <c>JOB_COMPLETION_INDEX</c> of <paramref name="shards"/>; null when neither is set.
    /// </summary>
    public static SweepShard? FromEnvironment(Func<string, string?> env, int? shards)
    {
        string? slurmId = env("SLURM_ARRAY_TASK_ID"), slurmCount = env("SLURM_ARRAY_TASK_COUNT");
        if (slurmId is not null && slurmCount is not null)
            return Parse($"{slurmId}/{slurmCount}", "SLURM_ARRAY_TASK_ID/SLURM_ARRAY_TASK_COUNT");
        string? k8s = env("JOB_COMPLETION_INDEX");
        if (k8s is not null)
        {
            if (shards is null) throw new InputException("--shards", 0, "expected --shards N with JOB_COMPLETION_INDEX set, found none");
            return Parse($"{k8s}/{shards}", "JOB_COMPLETION_INDEX/--shards");
        }
        return null;
    }
}
