using System.Globalization;

namespace DlSim.Foundation;

/// <summary>
/// Upper limits on every count and size a flag or a file can set, so that one typo cannot make a run
/// allocate without bound, hang or overflow. Each is far above any real use; a value over it is bad
/// input (exit 2) whose message names the limit. docs/formats.md, "Limits and odd inputs", lists them.
/// </summary>
public static class Limits
{
    /// <summary>GPUs in a cluster, all nodes together.</summary>
    public const long MaxGpus = 1 << 20;

    /// <summary>Pipeline stages of one executable (<c>pp</c>).</summary>
    public const int MaxStages = 1024;

    /// <summary>GPUs of one stage's mesh (<c>op</c>, tensor-parallel degree).</summary>
    public const int MaxStageGpus = 1024;

    /// <summary>Batch size of a profile point or of <c>--max-batch</c>.</summary>
    public const int MaxBatchSize = 1 << 16;

    /// <summary>Bytes of one weight or activation figure: 1 PiB. Sums of such figures cannot overflow a long.</summary>
    public const long MaxBytes = 1L << 50;

    /// <summary>GPU memory capacity in GB (GiB): 1 PiB.</summary>
    public const double MaxMemoryGb = 1 << 20;

    /// <summary>Largest time in seconds (arrivals, durations): about 31 700 years, so that every time and
    /// its microseconds in a trace stay finite however it is summed or scaled.</summary>
    public const double MaxSeconds = 1e12;

    /// <summary>Requests in one workload (request ids are 32-bit).</summary>
    public const long MaxRequests = int.MaxValue;

    /// <summary>Models in one workload.</summary>
    public const int MaxModels = 1 << 20;

    /// <summary>Closed-loop clients, all models together.</summary>
    public const int MaxClients = 1_000_000;

    /// <summary>Bins of a utilisation or traffic timeline (each GPU keeps one figure per bin).</summary>
    public const long MaxBins = 100_000;

    /// <summary>Simulated seconds of one LLM run, from its first arrival to its last token: about 11.6 days (a
    /// week-long trace fits). The run keeps one sample of running and waiting requests per second, so arrivals
    /// far apart or iterations timed absurdly slow would otherwise fill memory.</summary>
    public const double MaxLlmRunSeconds = 1e6;

    /// <summary>KV cache blocks of one LLM run, every replica's together (each block costs about 21 bytes of state).</summary>
    public const long MaxKvBlocks = 1 << 26;

    /// <summary>Replications of a stochastic run.</summary>
    public const int MaxReplications = 10_000;

    /// <summary>Size of one input file that is read whole (JSON profiles, placements, calibrations, traces): 1 GiB.</summary>
    public const long MaxFileBytes = 1L << 30;

    /// <summary>Bytes in one line of a text input (CSV, closed-loop spec files): 1 MiB.</summary>
    public const int MaxLineBytes = 1 << 20;

    /// <summary>Returns <paramref name="value"/> when it is at most <paramref name="max"/>; else bad input naming the limit.</summary>
    /// <param name="what">The counted thing in the plural, e.g. "clients".</param>
    public static long AtMost(long value, long max, string file, int line, string what)
    {
        if (value > max)
            throw new InputException(file, line, string.Create(CultureInfo.InvariantCulture, $"expected at most {max} {what} (the limit), found {value}"));
        return value;
    }

    public static int AtMost(int value, int max, string file, int line, string what) => (int)AtMost((long)value, max, file, line, what);

    /// <summary>a + b, or <see cref="long.MaxValue"/> when the sum would overflow (both ≥ 0): a sum of sizes that saturates instead of wrapping to a negative figure.</summary>
    public static long SaturatingAdd(long a, long b) => a > long.MaxValue - b ? long.MaxValue : a + b;
}
