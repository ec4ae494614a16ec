using System.Text;
using Xunit;
using DlSim.Cli;
using DlSim.Foundation;
using DlSim.Tests.Fuzz;

namespace DlSim.Tests.Llm;

/// <summary>
/// Fuzzing of the two LLM workload readers, as <see cref="InputFuzzTests"/> does for the other formats: mutants of a
/// valid file run through <c>llm workload show</c> end in exit 0 or 2 with clean one-line errors, never an
/// internal error or a hang. <c>DLSIM_FUZZ_ITERATIONS=N</c> runs longer.
/// </summary>
public class LlmWorkloadFuzzTests
{
    private const int ShortIterations = 40;

    public static TheoryData<string> Formats() => new(["llm-jsonl", "azure-llm-csv"]);

    private static (string FileName, byte[] Seed) Target(string format) => format switch
    {
        // Three real lines (token ids and all) and a short one.
        "llm-jsonl" => ("w.jsonl", Encoding.UTF8.GetBytes(string.Join("\n", File.ReadLines(LlmReference.ShareGpt).Take(3)) + "\n{\"input_toks\": 5, \"output_toks\": 2, \"arrival_time_ns\": 999000000000}\n")),
        _ => ("t.csv", Encoding.UTF8.GetBytes(string.Join("\n", File.ReadLines(LlmReference.AzureConv).Take(30)) + "\n")),
    };

    [Theory, MemberData(nameof(Formats))]
    public void Mutants_end_in_exit_0_or_2(string format)
    {
        var (name, seed) = Target(format);
        int iterations = int.TryParse(Environment.GetEnvironmentVariable("DLSIM_FUZZ_ITERATIONS"), out int n) && n > 0 ? n : ShortIterations;
        var failures = new List<string>();
        using var dir = new TempDir();
        string path = dir.File(name);
        for (int i = 0; i < iterations && failures.Count < 3; i++)
        {
            File.WriteAllBytes(path, Mutator.Mutate(seed, StableSeed(format, i)));
            if (Check(path) is string problem) failures.Add($"mutant {i}: {problem}");
        }
        Assert.True(failures.Count == 0, $"{format}: {string.Join("\n", failures)}");
    }

    /// <summary>The same mutation seed on every machine and run (string hash codes differ per process).</summary>
    private static int StableSeed(string format, int i)
    {
        uint hash = 2166136261;
        foreach (char c in format) hash = (hash ^ c) * 16777619;
        return (int)(hash ^ (uint)i * 2654435761u);
    }

    private static string? Check(string path)
    {
        var run = Task.Run(() => DlSim.Tests.Cli.CliRunner.Run("llm", "workload", "show", path));
        if (!run.Wait(TimeSpan.FromSeconds(30))) return "still running after 30 s";
        var result = run.Result;
        if (result.Code is not (DlSimCli.Ok or DlSimCli.BadInput)) return $"exit {result.Code}: {result.Err}";
        if (result.Code == DlSimCli.Ok) return null;
        var lines = result.Err.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        if (lines.Length == 0 || lines.Any(l => !l.StartsWith("dlsim: ", StringComparison.Ordinal))) return "exit 2 without \"dlsim: \" lines";
        if (lines.Any(l => l.Length > ErrorText.MaxLineLength + 8)) return "an error line longer than the limit";
        if (lines.Any(l => l.Any(c => c < 0x20))) return "a control character in an error line";
        if (lines.Length > InputErrorList.MaxReported + 1) return $"{lines.Length} error lines";
        return null;
    }
}
