using Xunit;
using DlSim.Cli;
using DlSim.Formats;

namespace DlSim.Tests.Llm;

/// <summary><c>llm workload generate</c> and <c>show</c> run as a user would: files, messages, exit codes.</summary>
public class LlmWorkloadCommandTests
{
    [Fact]
    public void Generate_writes_a_workload_that_show_reads()
    {
        using var dir = new TempDir();
        string path = dir.File("gen.jsonl");
        var (code, stdout, stderr) = DlSim.Tests.Cli.CliRunner.Run("llm", "workload", "generate", "--rate", "5", "--duration", "100",
            "--lengths", "lognormal:1020,1.0,129,1.2", "--max-tokens", "8192", "--seed", "3", "-o", path);
        Assert.True(code == 0, stderr);
        Assert.Contains("poisson at 5 Hz", stdout);
        var w = LlmWorkloadFiles.Read(path);
        Assert.InRange(w.Count, 400, 600);
        Assert.StartsWith($"{path}: {w.Count} requests", stdout);
        var show = DlSim.Tests.Cli.CliRunner.Run("llm", "workload", "show", path);
        Assert.True(show.Code == 0, show.Err);
        Assert.Contains($"{w.Count} requests", show.Out);
    }

    [Fact]
    public void The_same_seed_gives_the_same_bytes_and_lengths_from_a_trace_keep_its_pairs()
    {
        using var dir = new TempDir();
        string[] Args(string name) => ["llm", "workload", "generate", "--process", "gamma", "--cv", "2", "--requests", "500", "--lengths", LlmReference.ShareGpt, "-o", dir.File(name)];
        Assert.Equal(0, DlSim.Tests.Cli.CliRunner.Run(Args("a.jsonl")).Code);
        Assert.Equal(0, DlSim.Tests.Cli.CliRunner.Run(Args("b.jsonl")).Code);
        Assert.Equal(File.ReadAllBytes(dir.File("a.jsonl")), File.ReadAllBytes(dir.File("b.jsonl")));
        var pairs = LlmWorkloadFiles.Read(LlmReference.ShareGpt).Requests.Select(r => (r.InputTokens, r.OutputTokens)).ToHashSet();
        var generated = LlmWorkloadFiles.Read(dir.File("a.jsonl"));
        Assert.Equal(500, generated.Count);
        Assert.All(generated.Requests, r => Assert.Contains((r.InputTokens, r.OutputTokens), pairs));
    }

    [Fact]
    public void Mmpp_with_a_rate_is_sped_up_to_it()
    {
        using var dir = new TempDir();
        var (code, stdout, stderr) = DlSim.Tests.Cli.CliRunner.Run("llm", "workload", "generate", "--process", "mmpp", "--mmpp", "5,50,9,1", "--rate", "19",
            "--duration", "1000", "--lengths", "lognormal:100,0,10,0", "-o", dir.File("m.jsonl"));
        Assert.True(code == 0, stderr);
        Assert.Contains("mmpp", stdout);
        Assert.Contains("at 19 Hz", stdout);
    }

    [Theory]
    [InlineData("--lengths|lognormal:1,2,3", "dlsim: --lengths: expected lognormal:IN_MEDIAN,IN_SIGMA,OUT_MEDIAN,OUT_SIGMA such as lognormal:1020,1.0,129,1.2, found \"lognormal:1,2,3\"")]
    [InlineData("--lengths|lognormal:0,1,10,1", "dlsim: --lengths: expected the input median from 1 to --max-tokens (32768), found 0")]
    [InlineData("--lengths|missing.jsonl", "dlsim: missing.jsonl: expected an existing LLM workload file, found none")]
    [InlineData("--lengths|lognormal:10,1,10,1|--rate|fast", "dlsim: --rate: expected a positive rate in Hz, at most 1e9, found \"fast\"")]
    [InlineData("--lengths|lognormal:10,1,10,1|--cv|2", "dlsim: --cv: expected --process gamma with --cv, found --process poisson")]
    [InlineData("--lengths|lognormal:10,1,10,1|--requests|1.5", "dlsim: --requests: expected a whole number of requests from 1 to 10000000 (the limit), found \"1.5\"")]
    [InlineData("--lengths|lognormal:10,1,10,1|--rate|1e6|--duration|1e6", "dlsim: --duration: expected at most 10000000 requests (the limit), found a rate and duration giving about 1E+12; use a shorter --duration or --requests")]
    [InlineData("--lengths|lognormal:10,1,10,1|--rate|0.001|--duration|1", "dlsim: --duration: expected at least one request, found none in the duration (use a longer --duration or a higher --rate)")]
    [InlineData("--lengths|lognormal:10,1,10,1|--process|zipf", "dlsim: --process: expected one of poisson, gamma, deterministic, weibull, mmpp, found \"zipf\"")]
    public void Bad_flags_exit_2_with_one_line_and_write_nothing(string flags, string expected)
    {
        using var dir = new TempDir();
        string output = dir.File("out.jsonl");
        var (code, _, stderr) = DlSim.Tests.Cli.CliRunner.Run(["llm", "workload", "generate", .. flags.Split('|'), "-o", output]);
        Assert.Equal(DlSimCli.BadInput, code);
        Assert.Equal(expected, stderr.TrimEnd('\n'));
        Assert.False(File.Exists(output));
    }

    [Fact]
    public void Show_of_a_bad_file_exits_2_naming_file_and_line()
    {
        using var dir = new TempDir();
        string path = dir.Write("bad.jsonl", "{\"input_toks\": 1, \"output_toks\": 1, \"arrival_time_ns\": 5}\n{\"input_toks\": 1}\n");
        var (code, _, stderr) = DlSim.Tests.Cli.CliRunner.Run("llm", "workload", "show", path);
        Assert.Equal(DlSimCli.BadInput, code);
        Assert.Equal($"dlsim: {path}:2: expected input_toks, output_toks and arrival_time_ns, found no output_toks or arrival_time_ns\n", stderr);
    }

    [Fact]
    public void Convert_cuts_a_window_of_the_azure_trace_and_rescales_it()
    {
        using var dir = new TempDir();
        string path = dir.File("c.jsonl");
        var (code, stdout, stderr) = DlSim.Tests.Cli.CliRunner.Run("llm", "workload", "convert", LlmReference.AzureCode, "--from", "600", "--to", "1200", "--rate-factor", "2", "-o", path);
        Assert.True(code == 0, stderr);
        var trace = LlmWorkloadFiles.Read(LlmReference.AzureCode);
        var inWindow = trace.Requests.Where(r => r.ArrivalS >= 600 && r.ArrivalS < 1200).ToArray();
        var converted = LlmWorkloadFiles.Read(path);
        Assert.Equal(inWindow.Length, converted.Count);
        Assert.Equal(inWindow.Select(r => (r.ArrivalS - 600) / 2), converted.Requests.Select(r => r.ArrivalS), (a, b) => Math.Abs(a - b) < 1e-9);
        Assert.Equal(inWindow.Select(r => r.InputTokens), converted.Requests.Select(r => r.InputTokens));
        Assert.StartsWith($"{path}: {inWindow.Length} requests", stdout);

        var limited = DlSim.Tests.Cli.CliRunner.Run("llm", "workload", "convert", LlmReference.ShareGpt, "--requests", "10", "-o", path);
        Assert.True(limited.Code == 0, limited.Err);
        Assert.Equal(10, LlmWorkloadFiles.Read(path).Count);
    }

    [Fact]
    public void Convert_of_an_empty_window_exits_2_and_writes_nothing()
    {
        using var dir = new TempDir();
        string path = dir.File("c.jsonl");
        var (code, _, stderr) = DlSim.Tests.Cli.CliRunner.Run("llm", "workload", "convert", LlmReference.ShareGpt, "--from", "1000", "-o", path);
        Assert.Equal(DlSimCli.BadInput, code);
        Assert.Equal("dlsim: --from: expected at least one request in the window, found none\n", stderr);
        Assert.False(File.Exists(path));
    }
}
