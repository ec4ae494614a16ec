using Xunit;
using DlSim.Cli;
using DlSim.Foundation;

namespace DlSim.Tests.Fuzz;

/// <summary>
/// Fuzzing of every input format: mutants of a valid file must end in exit 0 or 2 — never an internal
/// error, a stack trace or a hang — with one safe line per problem and no temporary file left behind.
/// A short run (<see cref="ShortIterations"/> mutants per format) is part of the suite; set
/// <c>DLSIM_FUZZ_ITERATIONS=N</c> for a long one (and <c>DLSIM_FUZZ_SEED</c> to start elsewhere). Failing
/// mutants are saved to <c>DLSIM_FUZZ_FAILURES</c> (default: the temp folder); copy them into
/// <c>Fuzz/Regressions/FORMAT/</c> so they are replayed by <see cref="Regression_cases_still_pass"/> forever.
/// </summary>
public sealed class InputFuzzTests
{
    public const int ShortIterations = 12;

    /// <summary>Longest a single mutant may run.</summary>
    private static readonly TimeSpan TimeLimit = TimeSpan.FromSeconds(30);

    /// <summary>Most bytes a single mutant's run may allocate.</summary>
    private const long AllocationLimit = 2L << 30;

    public static TheoryData<string> Formats() => new(FuzzTargets.All.Select(t => t.Name));

    [Theory, MemberData(nameof(Formats))]
    public void Mutants_end_in_exit_0_or_2(string format)
    {
        var target = FuzzTargets.Named(format);
        byte[] seed = target.Seed();
        int iterations = int.TryParse(Environment.GetEnvironmentVariable("DLSIM_FUZZ_ITERATIONS"), out int n) && n > 0 ? n : ShortIterations;
        int first = int.TryParse(Environment.GetEnvironmentVariable("DLSIM_FUZZ_SEED"), out int s) ? s : 0;
        var failures = new List<string>();
        for (int i = first; i < first + iterations; i++)
        {
            byte[] mutant = Mutator.Mutate(seed, StableSeed(format, i));
            if (Check(target, mutant) is string problem) failures.Add($"mutant {i}: {problem} (saved to {Save(format, i, mutant)})");
            if (failures.Count >= 3) break;
        }
        Assert.True(failures.Count == 0, $"{format}: {string.Join("\n", failures)}");
    }

    public static TheoryData<string> RegressionCases()
    {
        var data = new TheoryData<string>();
        string root = Path.Combine(RepositoryRoot.Path, "tests", "DlSim.Tests", "Fuzz", "Regressions");
        foreach (string file in Directory.GetFiles(root, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
            if (!file.EndsWith(".md", StringComparison.Ordinal)) data.Add(Path.GetRelativePath(root, file).Replace('\\', '/'));
        return data;
    }

    [Theory, MemberData(nameof(RegressionCases))]
    public void Regression_cases_still_pass(string relativePath)
    {
        string root = Path.Combine(RepositoryRoot.Path, "tests", "DlSim.Tests", "Fuzz", "Regressions");
        var target = FuzzTargets.Named(relativePath.Split('/')[0]);
        string? problem = Check(target, File.ReadAllBytes(Path.Combine(root, relativePath)));
        Assert.True(problem is null, problem);
    }

    /// <summary>Runs the target's command on the mutant; null when it behaved, else what went wrong.</summary>
    private static string? Check(FuzzTarget target, byte[] mutant)
    {
        using var dir = new TempDir();
        string input = dir.File(target.FileName);
        File.WriteAllBytes(input, mutant);
        string output = dir.File("out");
        Directory.CreateDirectory(output);
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        long allocated = 0;
        var run = Task.Run(() =>
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            int code = DlSimCli.Run(target.Args(input, output), stdout, stderr);
            allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            return code;
        });
        if (!run.Wait(TimeLimit)) return $"still running after {TimeLimit.TotalSeconds} s";
        int exit = run.Result;
        string err = stderr.ToString();
        if (exit is not (DlSimCli.Ok or DlSimCli.BadInput)) return $"exit {exit}: {First(err)}";
        if (err.Contains("internal error", StringComparison.Ordinal) || err.Contains("   at ", StringComparison.Ordinal)) return $"internal error: {First(err)}";
        if (allocated > AllocationLimit) return $"allocated {allocated} bytes";
        if (exit == DlSimCli.BadInput)
        {
            var lines = err.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            var errorLines = lines.Where(l => l.StartsWith("dlsim: ", StringComparison.Ordinal)).ToArray();
            if (errorLines.Length == 0) return "exit 2 without a \"dlsim: \" line";
            if (errorLines.Any(l => l.Length > ErrorText.MaxLineLength + 8)) return "an error line longer than the limit";
            if (errorLines.Any(l => l.Any(c => c < 0x20 && c != '\r'))) return "a control character in an error line";
            if (errorLines.Length > 3 * (InputErrorList.MaxReported + 1)) return $"{errorLines.Length} error lines";
        }
        var leftovers = Directory.GetFiles(dir.Path, "*.tmp-*", SearchOption.AllDirectories);
        if (leftovers.Length > 0) return "temporary file left: " + leftovers[0];
        return null;
    }

    /// <summary>The mutation seed of mutant <paramref name="i"/> of a format: the same on every machine and run.</summary>
    private static int StableSeed(string format, int i)
    {
        uint hash = 2166136261;
        foreach (char c in format) hash = (hash ^ c) * 16777619;
        return (int)(hash ^ (uint)i * 2654435761u);
    }

    private static string First(string text) => text.Split('\n')[0];

    private static string Save(string format, int i, byte[] mutant)
    {
        string folder = Environment.GetEnvironmentVariable("DLSIM_FUZZ_FAILURES") ?? Path.Combine(Path.GetTempPath(), "dlsim-fuzz-failures");
        string dir = Path.Combine(folder, format);
        Directory.CreateDirectory(dir);
        string path = Path.Combine(dir, $"mutant-{i}.bin");
        File.WriteAllBytes(path, mutant);
        return path;
    }
}
