using DlSim.Foundation;
using DlSim.Llm;
using DlSim.Serving;
using Xunit;

namespace DlSim.Tests.Llm;

/// <summary>LLM routing policies: each one's defining property on real replicas, and seeded draws.</summary>
public class LlmRoutingTests
{
    private static LlmRunResult Run(LlmRouting routing, int replicas, ulong seed = 0) =>
        LlmSimulation.Run(LlmTestData.ShareGpt(), LlmTestData.Deployment("RTX4090", 2588, replicas: replicas, routing: routing) with { Seed = seed });

    private static int[] Assignment(LlmRunResult run) => [.. run.Requests.Select(r => r.Replica)];

    [Fact]
    public void Policies_shared_with_simulate_have_the_same_names()
    {
        var serving = Enum.GetValues<RoutingPolicy>().Select(EnumNames.Of).ToHashSet();
        var llm = Enum.GetValues<LlmRouting>().Select(EnumNames.Of).ToList();
        Assert.Equal(["round-robin", "least-outstanding", "random", "power-of-two"], llm.Where(serving.Contains));
        Assert.Equal(["least-kv"], llm.Where(n => !serving.Contains(n)));
    }

    [Fact]
    public void Round_robin_sends_request_i_to_replica_i_mod_n()
    {
        var run = Run(LlmRouting.RoundRobin, 3);
        Assert.All(run.Requests, r => Assert.False(r.Rejected));
        Assert.Equal(Enumerable.Range(0, run.Requests.Count).Select(i => i % 3), Assignment(run));
    }

    [Theory]
    [InlineData(LlmRouting.Random)]
    [InlineData(LlmRouting.PowerOfTwo)]
    public void Seeded_policies_repeat_per_seed_and_differ_across_seeds(LlmRouting routing)
    {
        var a = Run(routing, 4, seed: 1);
        Assert.Equal(a.Requests, Run(routing, 4, seed: 1).Requests);
        Assert.NotEqual(Assignment(a), Assignment(Run(routing, 4, seed: 2)));
        Assert.Equal(4, Assignment(a).Distinct().Count());
    }

    private static LlmReplica[] Replicas(params int[][] promptsPerReplica)
    {
        var config = new LlmEngineConfig(256, 2048, 16, 1000);
        var timing = LlmTestData.Deployment("RTX4090", 1000).StageTiming();
        int index = 0;
        return [.. promptsPerReplica.Select((prompts, id) =>
        {
            var replica = new LlmReplica(id, config, timing);
            foreach (int p in prompts) replica.Add(new LlmSequence(index++, new LlmRequest(0, p, 10)));
            return replica;
        })];
    }

    [Fact]
    public void Least_outstanding_picks_the_replica_with_fewest_requests_and_least_kv_the_one_with_fewest_blocks()
    {
        // Replica 0: one long prompt (63 blocks); replica 1: three short ones (3 blocks); replica 2: two (2 blocks).
        var replicas = Replicas([1000], [16, 16, 16], [16, 16]);
        Assert.Equal([63, 3, 2], replicas.Select(r => r.KvDemandBlocks));
        Assert.Equal(0, new LlmRouter(LlmRouting.LeastOutstanding, 0).Choose(replicas));
        Assert.Equal(2, new LlmRouter(LlmRouting.LeastKv, 0).Choose(replicas));
        // Requests queued outside the engine (disaggregated decode side) count too.
        Assert.Equal(1, new LlmRouter(LlmRouting.LeastOutstanding, 0).Choose(replicas, [3, 0, 2]));
        Assert.Equal(1, new LlmRouter(LlmRouting.LeastKv, 0).Choose(replicas, null, [0, 0, 5]));
    }

    [Fact]
    public void Kv_demand_is_blocks_in_use_whenever_nothing_waits_under_preemptions()
    {
        int checkedIdle = 0;
        var deployment = LlmTestData.Deployment("RTX4090", 2588, replicas: 2, routing: LlmRouting.LeastKv);
        var run = LlmSimulation.Run(LlmTestData.ShareGpt(), deployment, null, replica =>
        {
            Assert.True(replica.KvDemandBlocks >= replica.UsedBlocks);
            if (replica.Waiting == 0) { Assert.Equal(replica.UsedBlocks, replica.KvDemandBlocks); checkedIdle++; }
        });
        Assert.True(run.Preemptions > 0);
        Assert.True(checkedIdle > 0);
        Assert.All(run.Requests, r => Assert.False(double.IsNaN(r.LastTokenS)));
    }

    [Theory]
    [InlineData(LlmRouting.Random)]
    [InlineData(LlmRouting.PowerOfTwo)]
    [InlineData(LlmRouting.LeastKv)]
    public void Disaggregated_runs_finish_every_request_under_each_policy(LlmRouting routing)
    {
        var prefill = LlmTestData.Deployment("RTX4090", 2588, replicas: 2, routing: routing) with { Seed = 3 };
        var result = LlmDisaggregatedSimulation.Run(LlmTestData.ShareGpt(), new LlmDisaggregation(prefill, 3, 2588, 25e9));
        Assert.All(result.Run.Requests, r => Assert.False(double.IsNaN(r.LastTokenS)));
        Assert.Equal(3, result.Transfers.Select(t => t.DecodeReplica).Distinct().Count());
    }
}
