using System.Text.Json;
using DlSim.Tests.Cli;
using Xunit;

namespace DlSim.Tests.Llm;

/// <summary><c>dlsim llm share</c>: its tables and JSON, and bad sharing files refused in one line with their line, exit 2.</summary>
public class LlmShareCommandTests
{
    private static (int Code, string Out, string Err) Share(TempDir dir, string json, params string[] extra) =>
        CliRunner.Run(["llm", "share", dir.Write("share.json", json), .. extra]);

    private static string Chat(string extra = "") => LlmSharingFiles.Model("chat", "RTXPRO6000", LlmReference.ShareGpt, extra);
    private static string Code(string extra = "") => LlmSharingFiles.Model("code", "RTXPRO6000", LlmSharingFiles.CodeWorkload, extra);

    [Fact]
    public void Json_gives_each_model_shared_and_alone_and_the_whole()
    {
        using var dir = new TempDir();
        var (code, stdout, stderr) = Share(dir, LlmSharingFiles.OneGroup(96, "", Chat(), Code()), "--alone", "--json", "--ttft-slo-ms", "2000", "--tpot-slo-ms", "100");
        Assert.True(code == 0, stderr);
        using var doc = JsonDocument.Parse(stdout);
        var group = doc.RootElement.GetProperty("groups")[0];
        var models = group.GetProperty("models");
        Assert.Equal(2, models.GetArrayLength());
        Assert.Equal(300, models[0].GetProperty("shared").GetProperty("completed").GetInt32());
        Assert.Equal(135, models[1].GetProperty("alone").GetProperty("completed").GetInt32());
        Assert.Equal(0.1, models[1].GetProperty("tpot_slo_s").GetDouble(), 12);
        Assert.Equal(435, doc.RootElement.GetProperty("overall").GetProperty("requests").GetInt32());
        // Alone, a model has the whole GPU: it finishes sooner than when it shares.
        Assert.True(models[0].GetProperty("alone").GetProperty("end_to_end_s").GetProperty("mean").GetDouble()
            < models[0].GetProperty("shared").GetProperty("end_to_end_s").GetProperty("mean").GetDouble());
        double busy = models[0].GetProperty("gpu_busy_s").GetDouble() + models[1].GetProperty("gpu_busy_s").GetDouble();
        Assert.Equal(busy, group.GetProperty("gpu_busy_s").GetDouble(), 9);
        double good = doc.RootElement.GetProperty("overall").GetProperty("slo_attainment").GetDouble() * 435;
        Assert.Equal(Math.Round(good), good, 6);
    }

    [Fact]
    public void The_table_names_every_model_and_the_whole()
    {
        using var dir = new TempDir();
        var (code, stdout, stderr) = Share(dir, LlmSharingFiles.OneGroup(96, "", Chat(", \"ttft_slo_ms\": 2000"), Code()));
        Assert.True(code == 0, stderr);
        Assert.Contains("group 1: 1 GPU of 96 GB", stdout);
        var rows = stdout.Split('\n').Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)).Where(c => c.Length > 0).ToList();
        Assert.Contains(rows, c => c[0] == "chat" && c[1] == "300/300" && c[^2].EndsWith('%'));
        Assert.Contains(rows, c => c[0] == "code" && c[1] == "135/135" && c[^1] == "-");
        Assert.Contains(rows, c => c[0] == "all" && c[1] == "435/435");
    }

    public static TheoryData<string, string, string> BadFiles()
    {
        string chat = Chat(), code = Code();
        return new()
        {
            // The weights of three 8B models (48.2 GB) on a 48 GB GPU at 0.9.
            { LlmSharingFiles.OneGroup(48, "", chat, code, LlmSharingFiles.Model("third", "RTXPRO6000", LlmReference.ShareGpt)), ":3:", "GB too many" },
            { LlmSharingFiles.OneGroup(96, "", chat, Code(", \"tp\": 2")), ":7:", "tensor-parallel over the group's 1 GPU" },
            { LlmSharingFiles.OneGroup(96, "", chat, Code(", \"kv_share\": 1, \"kv_blocks\": 10")), ":7:", "found both" },
            { LlmSharingFiles.OneGroup(96, "", chat, Code(", \"kv_blocks\": 40000")), ":3:", "\"kv_blocks\" to fit" },
            { LlmSharingFiles.OneGroup(96, "", chat, Code(", \"batch\": 4")), ":7:", "unknown field \"batch\"" },
            { LlmSharingFiles.OneGroup(96, ", \"order\": \"fifo\"", chat, code), ":4:", "round-robin or least-gpu-time" },
            { LlmSharingFiles.OneGroup(96, "", chat, LlmSharingFiles.Model("chat", "RTXPRO6000", LlmReference.ShareGpt)), ":7:", "found \"chat\" again" },
            { LlmSharingFiles.OneGroup(96, "", chat, LlmSharingFiles.Model("code", "RTXPRO6000", "/nonexistent/w.jsonl")), ":7:", "expected a workload at" },
            { LlmSharingFiles.OneGroup(-1, "", chat), ":4:", "\"gpu_memory_gb\" to be a size in GB > 0" },
            { "{\"groups\": []}", ":1:", "at least one GPU group" },
            { "[1]", ":1:", "with \"groups\"" },
        };
    }

    [Theory, MemberData(nameof(BadFiles))]
    public void A_bad_sharing_file_is_refused_in_one_line_with_its_line(string json, string line, string contains)
    {
        using var dir = new TempDir();
        var (code, stdout, stderr) = Share(dir, json, "--json", dir.File("out.json"));
        Assert.Equal(2, code);
        Assert.Single(stderr.Trim().Split('\n'));
        Assert.Contains("share.json" + line, stderr);
        Assert.Contains(contains, stderr);
        Assert.Equal("", stdout);
        Assert.False(File.Exists(dir.File("out.json")));
    }

    /// <summary>The page shows the sample sharing file its example runs, as it is.</summary>
    [Fact]
    public void The_docs_show_the_sample_sharing_file()
    {
        string page = Docs.MarkdownPages.Text("docs/llm-sharing.md");
        string sample = File.ReadAllText(Path.Combine(RepositoryRoot.Path, "samples", "llm-sharing", "chat-and-code.json")).Replace("\r\n", "\n");
        Assert.Contains("```json\n" + sample.TrimEnd('\n') + "\n```", page);
        Assert.Contains("llm share samples/llm-sharing/chat-and-code.json", page);
    }
}
