using CsCheck;
using DlSim.Llm;
using Xunit;

namespace DlSim.Tests.Llm;

/// <summary>Invariants 28–30 (INVARIANTS.md): pipeline-parallel replicas on the real ShareGPT workload and RTX4090
/// profiles, with and without KV pressure, on one and several replicas.</summary>
public class LlmPipelineTests
{
    public static TheoryData<int, int, int> Pipelines() => new()
    {
        { 2, 2588, 1 },  // the RTX4090 run's cache: it fills, requests are preempted
        { 2, 600, 1 },   // a small cache: heavy preemption
        { 4, 8000, 1 },  // never fills
        { 3, 900, 2 },   // uneven stages (11, 11, 10 layers), two replicas
    };

    private static LlmDeployment Deployment(int pp, int blocks, int replicas = 1, double gbps = 25, double latencyUs = 10) =>
        LlmTestData.Deployment("RTX4090", blocks, replicas: replicas, routing: LlmRouting.LeastOutstanding)
            with { Pipeline = new LlmPipeline(pp, gbps * 1e9, latencyUs * 1e-6) };

    private static (LlmRunResult Run, List<LlmIterationRecord> Iterations, LlmDeployment Deployment) Simulate(
        int pp, int blocks, int replicas, Action<LlmReplica>? inspect = null)
    {
        var deployment = Deployment(pp, blocks, replicas);
        var iterations = new List<LlmIterationRecord>();
        var run = LlmSimulation.Run(LlmTestData.ShareGpt(), deployment, iterations.Add, inspect);
        return (run, iterations, deployment);
    }

    [Theory, MemberData(nameof(Pipelines))]
    public void Invariant28_no_stage_runs_two_micro_batches_at_once_and_each_passes_the_stages_in_order(int pp, int blocks, int replicas)
    {
        var (_, iterations, deployment) = Simulate(pp, blocks, replicas);
        var timing = deployment.StageTiming();
        foreach (var replica in iterations.GroupBy(i => i.Replica))
        {
            LlmIterationRecord? previous = null;
            foreach (var it in replica)
            {
                var stages = it.Stages!;
                Assert.Equal(pp, stages.Count);
                Assert.Equal(it.StartS, stages[0].StartS);
                Assert.Equal(it.EndS, stages[^1].EndS);
                double send = timing.SendSeconds(it.Shape.Tokens);
                for (int k = 0; k < pp; k++)
                {
                    Assert.Equal(timing.Seconds(it.Shape, k), stages[k].EndS - stages[k].StartS, 1e-12);
                    if (k > 0) Assert.True(stages[k].StartS >= stages[k - 1].EndS + send - 1e-12, $"stage {k} starts before the activations arrive");
                    // Micro-batches leave in launch order, and a stage takes the next one only when it is done with this one.
                    if (previous is not null) Assert.True(stages[k].StartS >= previous.Stages![k].EndS, $"stage {k} runs two micro-batches at once");
                }
                previous = it;
            }
        }
    }

    [Theory, MemberData(nameof(Pipelines))]
    public void Invariant29_at_most_one_micro_batch_per_stage_is_in_flight_and_a_request_is_in_one_at_most(int pp, int blocks, int replicas)
    {
        int mostInFlight = 0;
        var (_, iterations, _) = Simulate(pp, blocks, replicas, replica =>
        {
            Assert.InRange(replica.InFlight, 0, pp);
            mostInFlight = Math.Max(mostInFlight, replica.InFlight);
            var requests = replica.InFlightRequests();
            Assert.Equal(requests.Length, requests.Distinct().Count());
        });
        Assert.Equal(pp - 1, mostInFlight); // observed right after one ended: the pipeline was full before it
        // Micro-batch i + pp is scheduled only once micro-batch i has ended.
        foreach (var replica in iterations.GroupBy(i => i.Replica))
        {
            var list = replica.ToList();
            for (int i = 0; i + pp < list.Count; i++) Assert.True(list[i + pp].StartS >= list[i].EndS);
        }
    }

    [Theory, MemberData(nameof(Pipelines))]
    public void Invariant30_tokens_are_conserved_kv_blocks_stay_within_the_cache_and_admission_stays_fifo(int pp, int blocks, int replicas)
    {
        var (run, iterations, _) = Simulate(pp, blocks, replicas);
        long expected = run.Requests.Where(r => !r.Rejected).Sum(r => (long)r.OutputTokens);
        Assert.Equal(expected, iterations.Sum(i => (long)i.TokensEmitted));
        Assert.Equal(expected - run.Requests.Count(r => !r.Rejected), run.InterTokenS.Count);
        Assert.All(iterations.Where(i => i.Shape.PrefillTokens == 0), i => Assert.Equal(i.Shape.Decodes, i.TokensEmitted));
        Assert.All(iterations, i => Assert.InRange(i.UsedBlocks, 0, i.TotalBlocks));
        Assert.All(iterations, i => Assert.InRange(i.RunningAfter, 0, 256));
        for (int r = 0; r < replicas; r++)
        {
            var admitted = iterations.Where(i => i.Replica == r).SelectMany(i => i.Admitted).ToList();
            var arrived = Enumerable.Range(0, run.Requests.Count).Where(i => run.Requests[i].Replica == r).ToList();
            Assert.Equal(arrived, admitted);
        }
        if (blocks <= 600) Assert.True(run.Preemptions > 0);
    }

    [Fact]
    public void Pipelined_prefill_and_decode_replicas_send_the_kv_of_their_largest_stage_and_conserve_tokens()
    {
        // Three stages (11, 11, 10 layers): each stage sends its own layers' KV at once, so a transfer takes as long as
        // the 11-layer stage's share.
        var setup = new LlmDisaggregation(Deployment(3, 900), 2, 900, 25e9, 10e-6);
        var iterations = new List<LlmIterationRecord>();
        var result = LlmDisaggregatedSimulation.Run(LlmTestData.ShareGpt(), setup, iterations.Add);
        Assert.NotEmpty(result.Transfers);
        foreach (var t in result.Transfers)
            Assert.Equal(result.Run.Requests[t.Request].InputTokens * 2L * 11 * 8 * 128 * 2, t.Bytes);
        long expected = result.Run.Requests.Where(r => !r.Rejected).Sum(r => (long)r.OutputTokens);
        Assert.Equal(expected, iterations.Sum(i => (long)i.TokensEmitted));
        Assert.All(iterations, i => Assert.Equal(3, i.Stages!.Count));
    }

    [Theory]
    [InlineData(2)]
    [InlineData(4)]
    public void A_lone_request_takes_the_unpipelined_time_plus_one_activation_send_per_stage_boundary_and_iteration(int pp)
    {
        var workload = new LlmWorkload([new LlmRequest(0, 1000, 5)], "one request");
        var plain = LlmSimulation.Run(workload, LlmTestData.Deployment("RTX4090", 2588)).Requests[0];
        var deployment = Deployment(pp, 2588, gbps: 20, latencyUs: 7);
        var piped = LlmSimulation.Run(workload, deployment).Requests[0];
        var model = deployment.Model;
        double Send(int tokens) => (pp - 1) * (LlmPipeline.ActivationBytesPerGpu(model, 1, tokens) / 20e9 + 7e-6);
        // The prompt in one iteration, then four decodes: each crosses pp − 1 stage boundaries.
        Assert.Equal(plain.FirstTokenS + Send(1000), piped.FirstTokenS, 1e-9);
        Assert.Equal(plain.LastTokenS + Send(1000) + 4 * Send(1), piped.LastTokenS, 1e-9);
        Assert.Equal(1000L * 4096 * 2 * 2, LlmPipeline.ActivationBytesPerGpu(model, 1, 1000));
    }

    [Fact]
    public void Layers_are_split_as_vllm_splits_them_and_stage_weights_add_up_to_the_model()
    {
        var model = LlmTestData.Deployment("RTX4090", 1).Model;
        Assert.Equal([32], model.StageLayers(1));
        Assert.Equal([16, 16], model.StageLayers(2));
        Assert.Equal([11, 11, 10], model.StageLayers(3));
        Assert.Equal([6, 6, 7, 7, 6], model.StageLayers(5));
        foreach (int pp in new[] { 1, 2, 3, 5, 7, 32 }) Assert.Equal(model.StageLayers(pp).Max(), model.MostStageLayers(pp));
        Assert.Equal(model.WeightBytesPerGpu(1), model.StageWeightBytesPerGpu(1, 1, 0));
        foreach (int pp in new[] { 2, 3, 4, 8 })
        {
            long sum = Enumerable.Range(0, pp).Sum(s => model.StageWeightBytesPerGpu(1, pp, s));
            Assert.Equal(model.WeightBytes, sum);
        }
        Assert.Equal("expected a pipeline-parallel degree of at most the 32 layers of Llama-3.1-8B, found 33", model.PipelineProblem(33));
    }

    [Fact]
    public void Splitting_the_layers_over_more_gpus_leaves_more_kv_blocks_and_one_stage_sizes_the_cache_as_before()
    {
        var model = LlmTestData.Deployment("RTX4090", 1).Model;
        int one = LlmEngineConfig.BlocksFromMemory(model, 1, 24e9, 0.9, 16);
        int two = LlmEngineConfig.BlocksFromMemory(model, 1, 24e9, 0.9, 16, pp: 2);
        int four = LlmEngineConfig.BlocksFromMemory(model, 1, 24e9, 0.9, 16, pp: 4);
        // One stage: (0.9 × 24 GB − weights) over 32 layers × 8 KV heads × 128 × 2 bytes × 2 (K and V) × 16 tokens.
        Assert.Equal((int)Math.Floor((0.9 * 24e9 - model.WeightBytes) / (2.0 * 32 * 8 * 128 * 2 * 16)), one);
        // Half the layers per GPU: each block takes half the bytes and the weights half the memory.
        Assert.True(two > 2 * one, $"{two} blocks with two stages, {one} with one");
        Assert.True(four > 2 * two, $"{four} blocks with four stages, {two} with two");
    }

    [Fact]
    public void A_decode_stage_never_reads_faster_than_the_memory_bandwidth()
    {
        var deployment = Deployment(4, 2588);
        var timing = deployment.StageTiming();
        var model = deployment.Model;
        var gpu = GpuSpec.Find("RTX4090")!;
        Gen.Select(Gen.Int[1, 256], Gen.Int[1, 8192], Gen.Int[0, 8192], Gen.Int[0, 3]).Sample((n, lo, extra, stage) =>
        {
            double mean = lo + extra / 2.0;
            var shape = new IterationShape(n, n, 0, 0, n, mean, lo + extra, lo);
            // Every weight of the stage's layers, and on the last stage the output projection; the first stage's
            // embedding reads one row per token, so it is left out.
            double weights = (timing.LayersOf(stage) * model.LayerParameters + (stage == 3 ? (long)model.Vocab * model.Hidden : 0)) * model.BytesPerValue;
            double bytes = weights + n * mean * model.KvBytesPerTokenPerGpu(1, timing.LayersOf(stage));
            return timing.Seconds(shape, stage) >= bytes / gpu.MemoryBandwidthBytesPerS;
        }, iter: 2000);
    }

    [Fact]
    public void A_prefill_stage_never_computes_faster_than_the_peak_throughput()
    {
        var deployment = Deployment(4, 2588);
        var timing = deployment.StageTiming();
        var model = deployment.Model;
        var gpu = GpuSpec.Find("RTX4090")!;
        Gen.Select(Gen.Int[1, 2048], Gen.Int[0, 16384], Gen.Int[0, 3]).Sample((chunk, cached, stage) =>
        {
            var shape = new IterationShape(chunk, 1, chunk, cached, 0, 0, 0, 0);
            // Two operations per weight per token in the stage's layers; on the last stage, per output-projection weight for the one sequence.
            double flops = 2.0 * timing.LayersOf(stage) * model.LayerParameters * chunk + (stage == 3 ? 2.0 * model.Vocab * model.Hidden : 0);
            return timing.Seconds(shape, stage) >= flops / gpu.PeakFlops;
        }, iter: 2000);
    }
}
