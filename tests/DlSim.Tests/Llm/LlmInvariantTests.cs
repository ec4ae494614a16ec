using DlSim.Llm;
using Xunit;

namespace DlSim.Tests.Llm;

/// <summary>Invariants 15–18 (INVARIANTS.md) on the real ShareGPT workload, under KV pressure (preemptions) and without, on several replicas.</summary>
public class LlmInvariantTests
{
    public static TheoryData<int, int, int> Engines() => new()
    {
        { 2588, 256, 1 },  // the RTX4090 run's cache: it fills, requests are preempted
        { 600, 64, 1 },    // a small cache: heavy preemption
        { 33540, 128, 1 }, // never fills
        { 900, 256, 3 },   // three replicas
    };

    private static (LlmRunResult Run, List<LlmIterationRecord> Iterations, LlmWorkload Workload) Simulate(int blocks, int seqs, int replicas)
    {
        var workload = LlmTestData.ShareGpt();
        var iterations = new List<LlmIterationRecord>();
        var run = LlmSimulation.Run(workload, LlmTestData.Deployment("RTX4090", blocks, seqs, replicas: replicas, routing: LlmRouting.LeastOutstanding), iterations.Add);
        return (run, iterations, workload);
    }

    [Theory, MemberData(nameof(Engines))]
    public void Invariant15_kv_blocks_are_never_over_committed(int blocks, int seqs, int replicas)
    {
        var (_, iterations, _) = Simulate(blocks, seqs, replicas);
        Assert.All(iterations, i => Assert.InRange(i.UsedBlocks, 0, i.TotalBlocks));
        Assert.All(iterations, i => Assert.InRange(i.RunningAfter, 0, seqs));
    }

    [Theory, MemberData(nameof(Engines))]
    public void Invariant16_every_request_emits_exactly_its_output_tokens(int blocks, int seqs, int replicas)
    {
        var (run, iterations, workload) = Simulate(blocks, seqs, replicas);
        long expected = run.Requests.Where(r => !r.Rejected).Sum(r => (long)r.OutputTokens);
        Assert.Equal(expected, iterations.Sum(i => (long)i.TokensEmitted));
        // Every gap between tokens is recorded once: output − 1 per request.
        Assert.Equal(expected - run.Requests.Count(r => !r.Rejected), run.InterTokenS.Count);
        Assert.All(run.Requests.Where(r => !r.Rejected), r => Assert.True(r.FirstTokenS >= r.ArrivalS && r.LastTokenS >= r.FirstTokenS));
        Assert.Equal(workload.Count, run.Requests.Count);
    }

    [Theory, MemberData(nameof(Engines))]
    public void Invariant17_a_decode_iteration_emits_one_token_per_decoding_sequence(int blocks, int seqs, int replicas)
    {
        var (_, iterations, _) = Simulate(blocks, seqs, replicas);
        var decodeOnly = iterations.Where(i => i.Shape.PrefillTokens == 0).ToList();
        Assert.NotEmpty(decodeOnly);
        Assert.All(decodeOnly, i => Assert.Equal(i.Shape.Decodes, i.TokensEmitted));
        Assert.All(iterations, i => Assert.InRange(i.TokensEmitted, i.Shape.Decodes, i.Shape.Sequences));
    }

    [Theory, MemberData(nameof(Engines))]
    public void Invariant18_requests_are_admitted_first_come_first_served_per_replica(int blocks, int seqs, int replicas)
    {
        var (run, iterations, _) = Simulate(blocks, seqs, replicas);
        for (int r = 0; r < replicas; r++)
        {
            var admitted = iterations.Where(i => i.Replica == r).SelectMany(i => i.Admitted).ToList();
            var arrived = Enumerable.Range(0, run.Requests.Count).Where(i => run.Requests[i].Replica == r).ToList();
            Assert.Equal(arrived, admitted);
        }
    }

    [Fact]
    public void Shrinking_the_kv_cache_raises_ttft_p99_and_preemptions()
    {
        var workload = LlmTestData.ShareGpt();
        double previousP99 = 0;
        int previousPreemptions = -1;
        foreach (int blocks in new[] { 8000, 2588, 1200, 600 })
        {
            var run = LlmSimulation.Run(workload, LlmTestData.Deployment("RTX4090", blocks));
            var stats = LlmStatistics.Of(run);
            Assert.True(stats.Ttft.P99 > previousP99, $"{blocks} blocks: TTFT p99 {stats.Ttft.P99} not above {previousP99}");
            Assert.True(run.Preemptions >= previousPreemptions, $"{blocks} blocks: {run.Preemptions} preemptions, fewer than {previousPreemptions}");
            previousP99 = stats.Ttft.P99;
            previousPreemptions = run.Preemptions;
        }
        Assert.True(previousPreemptions > 0);
    }

    [Fact]
    public void A_request_longer_than_the_kv_cache_is_counted_as_rejected_not_hung()
    {
        var workload = new LlmWorkload([new LlmRequest(0, 100, 10), new LlmRequest(0.1, 5000, 100), new LlmRequest(0.2, 50, 5)], "test");
        var run = LlmSimulation.Run(workload, LlmTestData.Deployment("RTX4090", 64));
        Assert.Equal(1, run.Rejected);
        Assert.True(run.Requests[1].Rejected);
        Assert.False(double.IsNaN(run.Requests[2].LastTokenS));
    }
}
