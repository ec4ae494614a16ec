using DlSim.Tests.Cli;
using Xunit;

namespace DlSim.Tests.Llm;

/// <summary>Bad LLM inputs: one line naming the file or flag and what was expected, exit 2, nothing half-done.</summary>
public class LlmBadInputTests
{
    private static (int Code, string Out, string Err) Simulate(string model, string profiles, params string[] extra)
    {
        string workload = Path.Combine(LlmTestData.Root, "workloads", "sharegpt-llama-3.1-8b-300-sps10.jsonl");
        return CliRunner.Run(["llm", "simulate", "--model", model, "--profiles", profiles, "-w", workload, .. extra]);
    }

    private static void AssertOneLine((int Code, string Out, string Err) r, string contains)
    {
        Assert.Equal(2, r.Code);
        Assert.Contains(contains, r.Err);
        Assert.Single(r.Err.Trim().Split('\n'));
    }

    [Fact]
    public void A_profile_folder_missing_a_file()
    {
        using var dir = new TempDir();
        foreach (string f in new[] { "dense.csv", "per_sequence.csv" })
            File.Copy(Path.Combine(LlmTestData.ProfileFolder("RTX4090"), f), Path.Combine(dir.Path, f));
        AssertOneLine(Simulate(LlmTestData.ModelPath, dir.Path, "--kv-blocks", "2588"), "attention.csv");
    }

    [Fact]
    public void A_profile_with_a_hole_in_its_grid()
    {
        using var dir = new TempDir();
        foreach (string f in new[] { "attention.csv", "per_sequence.csv" })
            File.Copy(Path.Combine(LlmTestData.ProfileFolder("RTX4090"), f), Path.Combine(dir.Path, f));
        var lines = File.ReadAllLines(Path.Combine(LlmTestData.ProfileFolder("RTX4090"), "dense.csv"));
        File.WriteAllLines(Path.Combine(dir.Path, "dense.csv"), lines.Where(l => l != lines.First(x => x.StartsWith("qkv_proj,64,", StringComparison.Ordinal))));
        AssertOneLine(Simulate(LlmTestData.ModelPath, dir.Path, "--kv-blocks", "2588"), "hole at tokens = 64");
    }

    [Fact]
    public void A_model_config_missing_a_field()
    {
        using var dir = new TempDir();
        string model = Path.Combine(dir.Path, "m.json");
        File.WriteAllText(model, File.ReadAllText(LlmTestData.ModelPath).Replace("\"num_hidden_layers\": 32,", ""));
        AssertOneLine(Simulate(model, LlmTestData.ProfileFolder("RTX4090"), "--kv-blocks", "2588"), "num_hidden_layers");
    }

    [Theory]
    [InlineData("\"num_key_value_heads\": 8", "\"num_key_value_heads\": 7", "expected num_key_value_heads dividing the 32 attention heads, found 7")]
    [InlineData("\"num_key_value_heads\": 8", "\"num_key_value_heads\": 64", "expected num_key_value_heads dividing the 32 attention heads, found 64")]
    [InlineData("\"torch_dtype\": \"bfloat16\"", "\"torch_dtype\": 3", "expected torch_dtype a string (bfloat16, float16, float32 or fp8), found")]
    public void A_model_config_whose_heads_or_dtype_cannot_be(string field, string replacement, string message)
    {
        string text = File.ReadAllText(LlmTestData.ModelPath);
        Assert.Contains(field, text);
        using var dir = new TempDir();
        string model = Path.Combine(dir.Path, "m.json");
        File.WriteAllText(model, text.Replace(field, replacement));
        AssertOneLine(Simulate(model, LlmTestData.ProfileFolder("RTX4090"), "--kv-blocks", "2588"), message);
    }

    [Fact]
    public void A_tensor_parallel_degree_not_dividing_the_heads()
    {
        AssertOneLine(Simulate(LlmTestData.ModelPath, LlmTestData.ProfileFolder("RTX4090"), "--kv-blocks", "2588", "--tp", "3"), "32 attention heads");
    }

    [Theory]
    [InlineData("0", "expected a pipeline-parallel degree ≥ 1, found 0")]
    [InlineData("33", "expected a pipeline-parallel degree of at most the 32 layers of Llama-3.1-8B, found 33")]
    public void A_pipeline_degree_the_layers_cannot_take(string pp, string message)
    {
        var r = Simulate(LlmTestData.ModelPath, LlmTestData.ProfileFolder("RTX4090"), "--kv-blocks", "2588", "--pp", pp);
        AssertOneLine(r, message);
        Assert.StartsWith("dlsim: --pp:", r.Err.Trim());
    }

    [Theory]
    [InlineData("--pp-link-gbps", "0", "expected a bandwidth > 0, found 0")]
    [InlineData("--pp-link-gbps", "-5", "expected a bandwidth > 0, found -5")]
    [InlineData("--pp-link-latency-us", "-1", "expected a latency ≥ 0, found -1")]
    public void A_pipeline_link_that_cannot_be(string flag, string value, string message) =>
        AssertOneLine(Simulate(LlmTestData.ModelPath, LlmTestData.ProfileFolder("RTX4090"), "--kv-blocks", "2588", "--pp", "2", flag, value), message);

    [Fact]
    public void No_kv_cache_size()
    {
        AssertOneLine(Simulate(LlmTestData.ModelPath, LlmTestData.ProfileFolder("RTX4090")), "--kv-blocks");
    }

    [Fact]
    public void A_prefix_caching_value_other_than_on_or_off() =>
        AssertOneLine(Simulate(LlmTestData.ModelPath, LlmTestData.ProfileFolder("RTX4090"), "--kv-blocks", "2588", "--prefix-caching", "yes"), "--prefix-caching");

    [Fact]
    public void A_workload_whose_token_ids_do_not_match_input_toks()
    {
        using var dir = new TempDir();
        string workload = Path.Combine(dir.Path, "w.jsonl");
        File.WriteAllText(workload, "{\"input_toks\": 3, \"output_toks\": 2, \"arrival_time_ns\": 0, \"input_tok_ids\": [1, 2]}\n");
        var r = CliRunner.Run(["llm", "simulate", "--model", LlmTestData.ModelPath, "--profiles", LlmTestData.ProfileFolder("RTX4090"), "-w", workload, "--kv-blocks", "100"]);
        AssertOneLine(r, "w.jsonl:1: expected 3 token ids");
    }
}
