using DlSim.Formats.LlmSharing;
using DlSim.Llm;
using Xunit;

namespace DlSim.Tests.Llm;

/// <summary>Invariants 24–27 (INVARIANTS.md): several models sharing a GPU group, on the real ShareGPT workload and a
/// coding workload resampled from the Azure code trace.</summary>
public class LlmSharingTests
{
    /// <summary>Sharing setups: memory (GB), the group's extra JSON, and the models' extra JSON.</summary>
    public static TheoryData<string, double, string, string, string> Setups() => new()
    {
        { "RTXPRO6000", 96, "", "", "" },                                                       // equal KV shares, round-robin
        { "RTXPRO6000", 96, ", \"order\": \"least-gpu-time\"", ", \"kv_share\": 3", "" },        // 3:1 shares, least GPU time
        { "RTX4090", 40, "", "", "" },                                                          // little KV each: preemptions
        { "RTX4090", 48, ", \"gpu_memory_utilization\": 0.8", ", \"kv_blocks\": 700", ", \"max_num_seqs\": 8" },
    };

    private static (IReadOnlyList<LlmGpuGroup> Groups, LlmSharedRunResult Run, List<LlmIterationRecord> Iterations) Simulate(
        string gpu, double memoryGb, string group, string chat, string code)
    {
        using var dir = new TempDir();
        string file = dir.Write("share.json", LlmSharingFiles.OneGroup(memoryGb, group,
            LlmSharingFiles.Model("chat", gpu, LlmReference.ShareGpt, chat),
            LlmSharingFiles.Model("code", gpu, LlmSharingFiles.CodeWorkload, code)));
        var groups = LlmSharingFile.Read(file);
        var iterations = new List<LlmIterationRecord>();
        return (groups, LlmSharedSimulation.Run(groups[0], iterations.Add), iterations);
    }

    [Theory, MemberData(nameof(Setups))]
    public void Invariant24_kv_caches_and_all_weights_fit_in_gpu_memory(string gpu, double memoryGb, string group, string chat, string code)
    {
        var (groups, _, iterations) = Simulate(gpu, memoryGb, group, chat, code);
        var g = Assert.Single(groups);
        Assert.Equal(2, g.Models.Count);
        double budget = g.MemoryBytes * g.Utilization;
        Assert.True(g.WeightBytesPerGpu + g.KvBytesPerGpu <= budget, $"{g.WeightBytesPerGpu} + {g.KvBytesPerGpu} > {budget}");
        Assert.Equal(2 * g.Models[0].Deployment.Model.WeightBytesPerGpu(1), g.WeightBytesPerGpu);
        // Nothing is wasted but the rounding down to whole blocks (less than a block per model).
        long block = LlmKvSplit.BlockBytes(g.Models[0].Deployment);
        Assert.True(budget - g.WeightBytesPerGpu - g.KvBytesPerGpu < 2 * block);
        // Each engine keeps within its own share.
        Assert.All(iterations, i => Assert.InRange(i.UsedBlocks, 0, g.Models[i.Replica].Deployment.Engine.KvBlocks));
        Assert.All(iterations, i => Assert.Equal(g.Models[i.Replica].Deployment.Engine.KvBlocks, i.TotalBlocks));
    }

    [Fact]
    public void Kv_shares_divide_the_memory_left_in_proportion()
    {
        var (groups, _, _) = Simulate("RTXPRO6000", 96, "", ", \"kv_share\": 3", "");
        var (chat, code) = (groups[0].Models[0].Deployment.Engine.KvBlocks, groups[0].Models[1].Deployment.Engine.KvBlocks);
        Assert.InRange(chat - 3 * code, -3, 3);
        var (equal, _, _) = Simulate("RTXPRO6000", 96, "", "", "");
        Assert.Equal(equal[0].Models[0].Deployment.Engine.KvBlocks, equal[0].Models[1].Deployment.Engine.KvBlocks);
    }

    [Theory, MemberData(nameof(Setups))]
    public void Invariant25_no_two_iterations_overlap_on_the_group(string gpu, double memoryGb, string group, string chat, string code)
    {
        var (_, run, iterations) = Simulate(gpu, memoryGb, group, chat, code);
        Assert.Contains(iterations, i => i.Replica == 0);
        Assert.Contains(iterations, i => i.Replica == 1);
        var ordered = iterations.OrderBy(i => i.StartS).ThenBy(i => i.EndS).ToList();
        for (int k = 1; k < ordered.Count; k++)
            Assert.True(ordered[k].StartS >= ordered[k - 1].EndS, $"iteration at {ordered[k].StartS} s starts before {ordered[k - 1].EndS} s");
        for (int m = 0; m < 2; m++)
            Assert.Equal(iterations.Where(i => i.Replica == m).Sum(i => i.EndS - i.StartS), run.GpuBusyS[m], 6);
        // The models take turns: the two interleave (each runs while the other still has requests).
        Assert.Contains(Enumerable.Range(1, ordered.Count - 1), k => ordered[k].Replica != ordered[k - 1].Replica && ordered[k].StartS < 20);
    }

    [Theory, MemberData(nameof(Setups))]
    public void Invariant26_every_request_of_every_model_emits_exactly_its_output_tokens(string gpu, double memoryGb, string group, string chat, string code)
    {
        var (groups, run, iterations) = Simulate(gpu, memoryGb, group, chat, code);
        for (int m = 0; m < 2; m++)
        {
            var result = run.Runs[m];
            Assert.Equal(groups[0].Models[m].Workload.Count, result.Requests.Count);
            var served = result.Requests.Where(r => !r.Rejected).ToList();
            long expected = served.Sum(r => (long)r.OutputTokens);
            Assert.Equal(expected, iterations.Where(i => i.Replica == m).Sum(i => (long)i.TokensEmitted));
            Assert.Equal(expected - served.Count, result.InterTokenS.Count);
            Assert.All(served, r => Assert.True(r.ArrivalS <= r.FirstTokenS && r.FirstTokenS <= r.LastTokenS));
            Assert.All(result.Requests.Where(r => r.Rejected), r => Assert.True(double.IsNaN(r.FirstTokenS)));
        }
    }

    public static TheoryData<string, double, int> Alone() => new()
    {
        { "RTX4090", 24, 256 },     // about 2,600 blocks: the cache fills, requests are preempted
        { "RTXPRO6000", 96, 256 },  // never fills
        { "RTX4090", 22, 32 },
    };

    [Theory, MemberData(nameof(Alone))]
    public void Invariant27_a_model_alone_runs_as_plain_llm_simulate(string gpu, double memoryGb, int seqs)
    {
        using var dir = new TempDir();
        string file = dir.Write("share.json", LlmSharingFiles.OneGroup(memoryGb, "",
            LlmSharingFiles.Model("chat", gpu, LlmReference.ShareGpt, $", \"max_num_seqs\": {seqs}")));
        var group = Assert.Single(LlmSharingFile.Read(file));
        var shared = LlmSharedSimulation.Run(group);
        var model = LlmTestData.Deployment(gpu, 1).Model;
        int blocks = LlmEngineConfig.BlocksFromMemory(model, 1, memoryGb * 1e9, 0.9, 16);
        Assert.Equal(blocks, group.Models[0].Deployment.Engine.KvBlocks);
        var plain = LlmSimulation.Run(LlmTestData.ShareGpt(), LlmTestData.Deployment(gpu, blocks, seqs));
        var alone = Assert.Single(shared.Runs);
        Assert.Equal(plain.Requests, alone.Requests);
        Assert.Equal(plain.Samples, alone.Samples);
        Assert.Equal(plain.InterTokenS, alone.InterTokenS);
        Assert.Equal((plain.Iterations, plain.Preemptions, plain.Rejected, plain.EndS, plain.CachedTokens),
            (alone.Iterations, alone.Preemptions, alone.Rejected, alone.EndS, alone.CachedTokens));
        if (gpu == "RTX4090" && seqs == 256) Assert.True(plain.Preemptions > 0);
    }
}
