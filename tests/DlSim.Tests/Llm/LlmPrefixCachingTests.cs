using DlSim.Llm;
using Xunit;

namespace DlSim.Tests.Llm;

/// <summary>Prefix caching (vLLM v1's block pool): shared blocks counted once, hits bounded by the tokens before the last,
/// KV never over-committed, and nothing changes with it off.</summary>
public class LlmPrefixCachingTests
{
    public static TheoryData<int, int> Engines() => new()
    {
        { 2588, 256 }, // the RTX4090 run's cache: it fills, requests are preempted and recomputed
        { 600, 64 },   // heavy preemption
        { 33540, 128 }, // never fills: only prefixes shared between requests hit
    };

    [Theory, MemberData(nameof(Engines))]
    public void Shared_blocks_are_counted_once_and_kv_is_never_over_committed(int blocks, int seqs)
    {
        var workload = LlmTestData.ShareGpt();
        var iterations = new List<LlmIterationRecord>();
        int checks = 0;
        var run = LlmSimulation.Run(workload, LlmTestData.Deployment("RTX4090", blocks, seqs, prefixCaching: true), iterations.Add, replica =>
        {
            Assert.Equal(replica.DistinctHeldBlocks(), replica.UsedBlocks);
            Assert.Equal(replica.PoolHeldBlocks(), replica.UsedBlocks);
            checks++;
        });
        Assert.Equal(run.Iterations, checks);
        Assert.True(run.CachedTokens > 0);
        Assert.All(iterations, i => Assert.InRange(i.UsedBlocks, 0, i.TotalBlocks));
        Assert.All(iterations, i => Assert.InRange(i.RunningAfter, 0, seqs));
        Assert.Equal(run.Requests.Where(r => !r.Rejected).Sum(r => (long)r.OutputTokens), iterations.Sum(i => (long)i.TokensEmitted));
    }

    [Fact]
    public void A_hit_never_reaches_the_last_token_nor_past_the_full_blocks()
    {
        // Two identical prompts of 40 tokens (2 full blocks + 8): the second takes at most the 2 full blocks; two of 32
        // tokens (exactly 2 blocks): at most 1, the last token being always computed.
        foreach (var (prompt, most) in new[] { (40, 32), (32, 16) })
        {
            var ids = Enumerable.Range(100, prompt).ToArray();
            var requests = new[] { new LlmRequest(0, prompt, 4), new LlmRequest(1, prompt, 4) };
            var hashes = new PromptBlockHashes(16, [PromptBlockHashes.Chain(ids, 16), PromptBlockHashes.Chain(ids, 16)]);
            var workload = new LlmWorkload(requests, "two identical prompts") { Prompts = hashes };
            var iterations = new List<LlmIterationRecord>();
            var run = LlmSimulation.Run(workload, LlmTestData.Deployment("RTX4090", 100, prefixCaching: true), iterations.Add);
            Assert.Equal(most, run.CachedTokens);
            var second = iterations.Single(i => i.Admitted.Contains(1));
            Assert.Equal(prompt - most, second.Shape.PrefillTokens);
            Assert.Equal(most, second.Shape.KvPrefill);
        }
    }

    [Fact]
    public void Prompts_sharing_a_prefix_share_its_blocks_while_both_run()
    {
        var a = Enumerable.Range(1, 64).ToArray();
        var b = a.Take(48).Concat(Enumerable.Range(500, 16)).ToArray(); // the first 3 blocks in common
        var requests = new[] { new LlmRequest(0, 64, 50), new LlmRequest(0, 64, 50) };
        var workload = new LlmWorkload(requests, "shared prefix") { Prompts = new PromptBlockHashes(16, [PromptBlockHashes.Chain(a, 16), PromptBlockHashes.Chain(b, 16)]) };
        var iterations = new List<LlmIterationRecord>();
        var run = LlmSimulation.Run(workload, LlmTestData.Deployment("RTX4090", 100, prefixCaching: true), iterations.Add);
        Assert.Equal(48, run.CachedTokens);
        // The first runs alone (4 blocks); the second joins next iteration, taking its 3 shared blocks and 1 of its own,
        // while the first's decode opens its 5th block: 6 held, not 4 + 4 + 1.
        Assert.Equal(4, iterations[0].UsedBlocks);
        var joined = iterations.Single(i => i.Admitted.Contains(1));
        Assert.Equal(6, joined.UsedBlocks);
        Assert.Equal(16, joined.Shape.PrefillTokens);
        Assert.Equal(0, iterations[^1].UsedBlocks);
    }

    [Fact]
    public void Chains_differ_when_any_earlier_token_differs()
    {
        var a = Enumerable.Range(0, 48).ToArray();
        var b = (int[])a.Clone();
        b[3] = 7;
        ulong[] ha = PromptBlockHashes.Chain(a, 16), hb = PromptBlockHashes.Chain(b, 16);
        Assert.Equal(3, ha.Length);
        Assert.All(Enumerable.Range(0, 3), i => Assert.NotEqual(ha[i], hb[i]));
        Assert.Equal(ha, PromptBlockHashes.Chain(a.Concat([1, 2, 3]).ToArray(), 16)); // a partial last block has no hash
    }

    [Theory, MemberData(nameof(Engines))]
    public void With_caching_off_token_ids_change_nothing(int blocks, int seqs)
    {
        var withIds = LlmTestData.ShareGpt();
        Assert.NotNull(withIds.Prompts);
        var withoutIds = new LlmWorkload(withIds.Requests, withIds.Source);
        var deployment = LlmTestData.Deployment("RTX4090", blocks, seqs);
        var x = LlmSimulation.Run(withIds, deployment);
        var y = LlmSimulation.Run(withoutIds, deployment);
        Assert.Equal(y.Requests, x.Requests);
        Assert.Equal(y.Preemptions, x.Preemptions);
        Assert.Equal(0, x.CachedTokens);
    }
}
