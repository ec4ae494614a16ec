using DlSim.Llm;
using DlSim.Tests.Cli;
using Xunit;

namespace DlSim.Tests.Llm;

/// <summary>Invariants 20–23 (INVARIANTS.md): prefill/decode disaggregation on the real ShareGPT workload, with and
/// without KV pressure on either side, fast and slow links.</summary>
public class LlmDisaggregationTests
{
    public static TheoryData<int, int, int, int, double, double> Setups() => new()
    {
        // prefill replicas, decode replicas, KV blocks per replica, max_num_seqs, link GB/s, latency µs
        { 1, 1, 2588, 256, 25, 10 },   // the decode side fills and preempts
        { 2, 1, 600, 64, 25, 0 },      // small caches on both sides: prefill waits for decode blocks
        { 1, 3, 900, 256, 0.5, 2000 }, // a slow link with latency
        { 2, 2, 33540, 128, 100, 5 },  // caches never fill
    };

    private static LlmDisaggregation Setup(int prefill, int decode, int blocks, int seqs, double gbps, double latencyUs) =>
        new(LlmTestData.Deployment("RTX4090", blocks, seqs, replicas: prefill, routing: LlmRouting.LeastOutstanding), decode, blocks, gbps * 1e9, latencyUs * 1e-6);

    private static (LlmDisaggregatedRunResult Result, List<LlmIterationRecord> Iterations) Simulate(LlmDisaggregation setup, Action<LlmReplica>? inspect = null)
    {
        var iterations = new List<LlmIterationRecord>();
        var result = LlmDisaggregatedSimulation.Run(LlmTestData.ShareGpt(), setup, iterations.Add, inspect);
        return (result, iterations);
    }

    [Theory, MemberData(nameof(Setups))]
    public void Invariant20_a_request_decodes_only_after_its_kv_has_arrived(int prefill, int decode, int blocks, int seqs, double gbps, double latencyUs)
    {
        var (result, iterations) = Simulate(Setup(prefill, decode, blocks, seqs, gbps, latencyUs));
        var arrival = result.Transfers.ToDictionary(t => t.Request, t => t.EndS);
        var decodeIterations = iterations.Where(i => i.Replica >= prefill).ToList();
        var admitted = decodeIterations.SelectMany(i => i.Admitted.Select(r => (Request: r, i.StartS, i.Replica))).ToList();
        // Every transferred request is admitted once on its decode replica, never before its KV arrived.
        Assert.Equal(arrival.Keys.Order(), admitted.Select(a => a.Request).Order());
        var target = result.Transfers.ToDictionary(t => t.Request, t => t.DecodeReplica);
        Assert.All(admitted, a => Assert.True(a.StartS >= arrival[a.Request], $"request {a.Request} decodes at {a.StartS}, its KV arrives at {arrival[a.Request]}"));
        Assert.All(admitted, a => Assert.Equal(target[a.Request], a.Replica));
        // Prefill replicas only compute prompts: they emit each request's first token and nothing else.
        Assert.All(iterations.Where(i => i.Replica < prefill), i => Assert.Equal(0, i.Shape.Decodes));
        Assert.All(result.Transfers, t => Assert.True(result.Run.Requests[t.Request].LastTokenS > t.EndS));
    }

    [Theory, MemberData(nameof(Setups))]
    public void Invariant21_transfer_time_is_bytes_over_bandwidth_plus_latency(int prefill, int decode, int blocks, int seqs, double gbps, double latencyUs)
    {
        var setup = Setup(prefill, decode, blocks, seqs, gbps, latencyUs);
        var (result, _) = Simulate(setup);
        long perToken = setup.Prefill.Model.KvBytesPerTokenPerGpu(1);
        Assert.Equal(131_072, perToken);
        Assert.NotEmpty(result.Transfers);
        foreach (var t in result.Transfers)
        {
            var r = result.Run.Requests[t.Request];
            Assert.Equal(r.InputTokens * perToken, t.Bytes);
            Assert.Equal(t.Bytes / (gbps * 1e9) + latencyUs * 1e-6, t.SendS, 9);
            Assert.Equal(r.FirstTokenS, t.ReadyS);
            Assert.True(t.StartS >= t.ReadyS);
            Assert.InRange(t.PrefillReplica, 0, prefill - 1);
            Assert.InRange(t.DecodeReplica, prefill, prefill + decode - 1);
        }
    }

    [Theory, MemberData(nameof(Setups))]
    public void Invariant22_every_request_emits_exactly_its_output_tokens(int prefill, int decode, int blocks, int seqs, double gbps, double latencyUs)
    {
        var (result, iterations) = Simulate(Setup(prefill, decode, blocks, seqs, gbps, latencyUs));
        var run = result.Run;
        var done = run.Requests.Where(r => !r.Rejected).ToList();
        Assert.Equal(300, run.Requests.Count);
        Assert.Equal(done.Sum(r => (long)r.OutputTokens), iterations.Sum(i => (long)i.TokensEmitted));
        Assert.Equal(done.Sum(r => (long)r.OutputTokens) - done.Count, run.InterTokenS.Count);
        // One token from the prefill side per request; a transfer for each that has more to generate.
        Assert.Equal(done.Count, iterations.Where(i => i.Replica < prefill).Sum(i => i.TokensEmitted));
        Assert.Equal(done.Count(r => r.OutputTokens > 1), result.Transfers.Count);
        Assert.All(done, r => Assert.True(r.FirstTokenS >= r.ArrivalS && r.LastTokenS >= r.FirstTokenS));
    }

    [Theory, MemberData(nameof(Setups))]
    public void Invariant23_kv_blocks_are_never_over_committed_on_either_side(int prefill, int decode, int blocks, int seqs, double gbps, double latencyUs)
    {
        int checks = 0;
        var (result, iterations) = Simulate(Setup(prefill, decode, blocks, seqs, gbps, latencyUs), replica =>
        {
            Assert.InRange(replica.UsedBlocks, 0, blocks);
            Assert.Equal(replica.UsedBlocks, replica.PoolHeldBlocks());
            Assert.InRange(replica.Running, 0, seqs);
            checks++;
        });
        Assert.True(checks > 1000);
        Assert.All(iterations, i => Assert.InRange(i.UsedBlocks, 0, i.TotalBlocks));
        Assert.All(iterations, i => Assert.InRange(i.RunningAfter, 0, seqs));
        Assert.All(result.Run.Samples, s => Assert.InRange(s.KvUse, 0, 1));
    }

    [Fact]
    public void Small_caches_make_prefills_wait_for_decode_blocks_and_decodes_preempt()
    {
        var (result, _) = Simulate(Setup(2, 1, 600, 64, 25, 0));
        Assert.Contains(result.Transfers, t => t.QueuedS > 0);
        Assert.True(result.Run.Preemptions > 0);
    }

    [Fact]
    public void One_request_ends_later_by_exactly_the_extra_transfer_time_on_a_slower_link()
    {
        var workload = new LlmWorkload([new LlmRequest(0, 1000, 20)], "one");
        LlmRunResult RunAt(double gbps) => LlmDisaggregatedSimulation.Run(workload, Setup(1, 1, 2588, 256, gbps, 0)).Run;
        var fast = RunAt(100).Requests[0];
        var slow = RunAt(1).Requests[0];
        double bytes = 1000 * 131_072.0;
        Assert.Equal(fast.FirstTokenS, slow.FirstTokenS);
        Assert.Equal(bytes / 1e9 - bytes / 100e9, slow.LastTokenS - fast.LastTokenS, 9);
    }

    [Fact]
    public void A_one_token_request_finishes_on_the_prefill_side_without_a_transfer()
    {
        var workload = new LlmWorkload([new LlmRequest(0, 100, 1), new LlmRequest(0.01, 100, 5)], "two");
        var result = LlmDisaggregatedSimulation.Run(workload, Setup(1, 1, 64, 256, 10, 0));
        Assert.Equal(1, result.Transfers[0].Request);
        Assert.Single(result.Transfers);
        Assert.Equal(result.Run.Requests[0].FirstTokenS, result.Run.Requests[0].LastTokenS);
    }

    [Fact]
    public void A_request_longer_than_the_decode_cache_is_rejected()
    {
        var workload = new LlmWorkload([new LlmRequest(0, 100, 10), new LlmRequest(0.1, 900, 200), new LlmRequest(0.2, 50, 5)], "test");
        var result = LlmDisaggregatedSimulation.Run(workload, Setup(1, 1, 64, 256, 10, 0));
        Assert.Equal(1, result.Run.Rejected);
        Assert.True(result.Run.Requests[1].Rejected);
        Assert.Equal(2, result.Transfers.Count);
    }

    [Theory]
    [InlineData(new[] { "--replicas", "2", "--prefill-replicas", "1", "--decode-replicas", "1", "--kv-link-gbps", "25" }, "--replicas")]
    [InlineData(new[] { "--prefill-replicas", "1", "--kv-link-gbps", "25" }, "--decode-replicas")]
    [InlineData(new[] { "--prefill-replicas", "1", "--decode-replicas", "1" }, "--kv-link-gbps")]
    [InlineData(new[] { "--prefill-replicas", "0", "--decode-replicas", "1", "--kv-link-gbps", "25" }, "--prefill-replicas")]
    [InlineData(new[] { "--prefill-replicas", "1", "--decode-replicas", "1", "--kv-link-gbps", "-3" }, "--kv-link-gbps")]
    [InlineData(new[] { "--prefill-replicas", "1", "--decode-replicas", "1", "--kv-link-gbps", "25", "--kv-link-latency-us", "-1" }, "--kv-link-latency-us")]
    public void Bad_disaggregation_flags_are_one_line_errors(string[] flags, string names)
    {
        string workload = Path.Combine(LlmTestData.Root, "workloads", "sharegpt-llama-3.1-8b-300-sps10.jsonl");
        var (code, _, err) = CliRunner.Run(["llm", "simulate", "--model", LlmTestData.ModelPath, "--profiles", LlmTestData.ProfileFolder("RTX4090"), "-w", workload, "--kv-blocks", "2588", .. flags]);
        Assert.Equal(2, code);
        Assert.Contains(names, err);
        Assert.Single(err.Trim().Split('\n'));
    }
}
