using System.Text.Json;
using DlSim.Llm;
using DlSim.Tests.Cli;
using Xunit;

namespace DlSim.Tests.Llm;

/// <summary>Invariant 31 (INVARIANTS.md), <c>llm plan</c>: every layout on up to N GPUs, each simulated as <c>llm simulate</c> would, ranked by the
/// target attainment, then fewest GPUs, then goodput.</summary>
public class LlmPlanTests
{
    private static readonly string Workload = Path.Combine(LlmTestData.Root, "workloads", "sharegpt-llama-3.1-8b-300-sps10.jsonl");

    private static (int Code, string Out, string Err) Plan(params string[] extra) => CliRunner.Run(["llm", "plan", "-w", Workload,
        "--model", LlmTestData.ModelPath, "--profiles", LlmTestData.ProfileFolder("RTX4090"), "--ttft-slo-ms", "2000", "--tpot-slo-ms", "100", .. extra]);

    [Theory]
    [InlineData(4, 1, 32, false, 8)]   // pp1: 1–4 replicas, pp2: 1–2, pp3: 1, pp4: 1
    [InlineData(4, 1, 32, true, 15)]   // and the prefill/decode splits of 2, 3 and 4 pp1 replicas and of 2 pp2 ones
    [InlineData(8, 2, 32, false, 8)]   // tp2: pp1 1–4, pp2 1–2, pp3 1, pp4 1
    [InlineData(6, 1, 2, false, 9)]    // two layers: at most two stages
    public void Every_layout_on_up_to_the_limit_is_enumerated_once(int maxGpus, int tp, int layers, bool split, int count)
    {
        var layouts = LlmLayoutSearch.Enumerate(maxGpus, tp, layers, split);
        Assert.Equal(count, layouts.Count);
        Assert.Equal(layouts.Count, layouts.Distinct().Count());
        Assert.All(layouts, l => Assert.InRange(l.Gpus(tp), 1, maxGpus));
        Assert.All(layouts, l => Assert.InRange(l.Stages, 1, layers));
        Assert.Equal(split, layouts.Any(l => l.Disaggregated));
    }

    [Fact]
    public void The_plan_ranks_what_simulate_gives_and_names_the_fewest_gpus_reaching_the_target()
    {
        var (code, stdout, stderr) = Plan("--gpu-memory-gb", "24", "--max-gpus", "3", "--target", "0.8", "--json");
        Assert.True(code == 0, stderr);
        using var doc = JsonDocument.Parse(stdout);
        var layouts = doc.RootElement.GetProperty("layouts").EnumerateArray().ToList();
        Assert.Equal(LlmLayoutSearch.Enumerate(3, 1, 32, false).Count, layouts.Count);
        var model = LlmTestData.Deployment("RTX4090", 1);
        foreach (var l in layouts)
        {
            int replicas = l.GetProperty("replicas").GetInt32(), pp = l.GetProperty("pipeline_parallel").GetInt32();
            int blocks = LlmEngineConfig.BlocksFromMemory(model.Model, 1, 24e9, 0.9, 16, pp: pp);
            Assert.Equal(blocks, l.GetProperty("kv_blocks").GetInt32());
            var deployment = model with { Replicas = replicas, Engine = model.Engine with { KvBlocks = blocks },
                Pipeline = pp == 1 ? null : new LlmPipeline(pp, LlmPipeline.DefaultLinkBytesPerS, LlmPipeline.DefaultLinkLatencyS) };
            var s = LlmStatistics.Of(LlmSimulation.Run(LlmTestData.ShareGpt(), deployment), 2.0, 0.1);
            Assert.Equal(s.SloAttainment!.Value, l.GetProperty("slo_attainment").GetDouble());
            Assert.Equal(s.GoodputPerS!.Value, l.GetProperty("goodput_per_s").GetDouble());
        }
        // Reaching the target first, by fewest GPUs; the rest by attainment.
        var meets = layouts.TakeWhile(l => l.GetProperty("slo_attainment").GetDouble() >= 0.8).ToList();
        Assert.NotEmpty(meets);
        Assert.All(layouts.Skip(meets.Count), l => Assert.True(l.GetProperty("slo_attainment").GetDouble() < 0.8));
        Assert.Equal(meets.Select(l => l.GetProperty("gpus").GetInt32()).Order(), meets.Select(l => l.GetProperty("gpus").GetInt32()));
        var rest = layouts.Skip(meets.Count).Select(l => l.GetProperty("slo_attainment").GetDouble()).ToList();
        Assert.Equal(rest.OrderDescending(), rest);
        var best = doc.RootElement.GetProperty("best");
        Assert.Equal(meets[0].GetProperty("layout").GetString(), best.GetProperty("layout").GetString());
        // On up to 3 GPUs only the three-stage pipeline (21,849 blocks) reaches 80 %.
        Assert.Equal("1 × pp3", best.GetProperty("layout").GetString());
    }

    [Fact]
    public void Layouts_whose_weights_leave_no_kv_cache_are_left_out_and_counted()
    {
        // 17 GB × 0.9 = 15.3 GB: less than the 16.06 GB of weights on one GPU, enough for half of them.
        var (code, stdout, stderr) = Plan("--gpu-memory-gb", "17", "--max-gpus", "2", "--target", "1");
        Assert.True(code == 0, stderr);
        Assert.Contains("1 layouts simulated, 2 left out (no room for a KV cache)", stdout);
        Assert.Contains("1 × pp2", stdout);
        Assert.Contains("no layout on up to 2 GPUs reaches 100%; the best reaches", stdout);
    }

    [Theory]
    [InlineData("--max-gpus", "0", "--max-gpus: expected 1 to 4096 GPUs, found 0")]
    [InlineData("--target", "1.5", "--target: expected an attainment in (0, 1], found 1.5")]
    [InlineData("--kv-link-gbps", "0", "--kv-link-gbps: expected a bandwidth > 0, found 0")]
    [InlineData("--show", "-1", "--show: expected a count ≥ 0, found -1")]
    public void Bad_flags_are_one_line_and_exit_2(string flag, string value, string message)
    {
        string[] args = flag == "--max-gpus" ? [flag, value, "--gpu-memory-gb", "24"] : ["--max-gpus", "2", "--gpu-memory-gb", "24", flag, value];
        var (code, _, stderr) = Plan(args);
        Assert.Equal(2, code);
        Assert.Contains(message, stderr);
        Assert.Single(stderr.Trim().Split('\n'));
    }

    [Fact]
    public void The_plot_shows_every_layout_kind_the_target_and_the_chosen_layout()
    {
        using var dir = new TempDir();
        string plot = Path.Combine(dir.Path, "plan.svg");
        var (code, stdout, stderr) = Plan("--gpu-memory-gb", "24", "--max-gpus", "2", "--kv-link-gbps", "25", "--target", "0.7", "--plot", plot);
        Assert.True(code == 0, stderr);
        Assert.Contains($"plot: {plot}", stdout);
        string svg = File.ReadAllText(plot);
        foreach (string text in new[] { "SLO attainment by layout: fewest GPUs 2, as 1 × pp2", "replicas (pp1)", "pipelined replicas (pp ≥ 2)",
            "prefill + decode replicas", "target 70 %", "chosen: 1 × pp2, 71.7 %" })
            Assert.Contains(text, svg);
    }

    [Fact]
    public void A_plot_that_is_not_png_or_svg_is_refused_before_any_run()
    {
        using var dir = new TempDir();
        var (code, _, stderr) = Plan("--gpu-memory-gb", "24", "--max-gpus", "2", "--plot", Path.Combine(dir.Path, "plan.pdf"));
        Assert.Equal(2, code);
        Assert.Contains("--plot: expected a file name ending in .png or .svg", stderr);
        Assert.Empty(Directory.GetFiles(dir.Path));
    }

    [Fact]
    public void A_memory_that_would_ask_for_too_many_kv_blocks_is_refused_before_any_run()
    {
        var (code, stdout, stderr) = Plan("--gpu-memory-gb", "100000", "--max-gpus", "4");
        Assert.Equal(2, code);
        Assert.Empty(stdout);
        Assert.Contains("--gpu-memory-gb: expected at most 67108864 KV cache blocks over all replicas (the limit)", stderr);
        Assert.Single(stderr.Trim().Split('\n'));
    }

    [Fact]
    public void A_layout_flag_the_plan_chooses_is_refused()
    {
        var (code, _, stderr) = Plan("--gpu-memory-gb", "24", "--max-gpus", "2", "--pp", "2");
        Assert.NotEqual(0, code);
        Assert.Contains("--pp", stderr);
    }
}
