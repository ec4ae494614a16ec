using System.Text.Json;
using DlSim.Formats.AzureLlm;
using DlSim.Llm;
using DlSim.Tests.Llm;
using Xunit;

namespace DlSim.Tests.Cli;

/// <summary><c>dlsim bench --scenario llm-azure</c>: what it simulates, and what it says when the reference data is not there.</summary>
public class LlmBenchTests
{
    [Fact]
    public void It_reports_the_iterations_of_the_azure_trace_on_eight_replicas_and_the_real_time_ratio()
    {
        using var dir = new TempDir();
        string path = dir.File("bench.json");
        var (code, stdout, stderr) = CliRunner.Run("bench", "--scenario", "llm-azure", "--requests", "500", "--warmup", "0", "--repeat", "2",
            "--reference", ReferenceData.Root, "--json", path);
        Assert.True(code == 0, stderr);
        Assert.Contains("llm-azure run 2/2:", stdout);
        Assert.Contains("on 8 Llama-3.1-8B replicas", stdout);
        var root = JsonDocument.Parse(File.ReadAllText(path)).RootElement;
        var azure = AzureLlmTraceCsv.Read(Path.Combine(LlmTestData.Root, "azure", "AzureLLMInferenceTrace_conv.csv"));
        var first = new LlmWorkload([.. azure.Requests.Take(500)], azure.Source);
        var expected = LlmSimulation.Run(first, LlmTestData.Deployment("RTX4090", 2588, replicas: 8));
        Assert.Equal(500, root.GetProperty("requests").GetInt32());
        Assert.Equal(expected.Iterations, root.GetProperty("iterations").GetInt64());
        Assert.Equal(expected.EndS - first.Requests[0].ArrivalS, root.GetProperty("simulated_s").GetDouble(), 9);
        double seconds = root.GetProperty("seconds").GetDouble();
        Assert.Equal(expected.Iterations / seconds, root.GetProperty("iterations_per_second").GetDouble(), 6);
        Assert.Equal(2, root.GetProperty("runs_seconds").GetArrayLength());
    }

    [Fact]
    public void Missing_reference_data_is_bad_input_naming_each_missing_file_and_how_to_point_at_the_data()
    {
        using var dir = new TempDir();
        var (code, stdout, stderr) = CliRunner.Run("bench", "--scenario", "llm-azure", "--reference", dir.Path, "--warmup", "0");
        Assert.Equal(2, code);
        Assert.Equal("", stdout);
        var lines = stderr.Trim().Split('\n');
        Assert.Equal(3, lines.Length);
        Assert.StartsWith($"dlsim: {Path.Combine(dir.Path, "llm", "azure", "AzureLLMInferenceTrace_conv.csv")}: expected the LLM reference data for llm-azure (set --reference DIR or DLSIM_REFERENCE", lines[0]);
    }

    [Fact]
    public void Streaming_does_not_apply_to_the_llm_scenario()
    {
        var (code, _, stderr) = CliRunner.Run("bench", "--scenario", "llm-azure", "--stream", "--reference", ReferenceData.Root);
        Assert.Equal(2, code);
        Assert.Contains("--stream: expected no --stream with --scenario llm-azure", stderr);
    }
}
