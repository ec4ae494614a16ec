using CsCheck;
using DlSim.Formats.LlmModels;
using DlSim.Formats.LlmProfiles;
using DlSim.Llm;
using Xunit;

namespace DlSim.Tests.Llm;

/// <summary>
/// The profile-based iteration times never beat the GPU's physics: a decode iteration takes at least its weight and KV
/// bytes over the memory bandwidth, and a prefill at least its weight products over the peak tensor throughput.
/// </summary>
public class PhysicalLimitTests
{
    public static TheoryData<string> Gpus() => new(GpuSpec.Known.Select(g => g.Name));

    private static (LlmArchitecture Model, IterationTiming Timing, GpuSpec Gpu) Setup(string gpu)
    {
        var model = HfModelConfig.Read(LlmTestData.ModelPath);
        var timing = new IterationTiming(LayerProfileFolder.Read(LlmTestData.ProfileFolder(gpu)), model.Layers);
        return (model, timing, GpuSpec.Find(gpu)!);
    }

    private static IterationShape Decode(int sequences, int minKv, int maxKv)
    {
        double mean = (minKv + maxKv) / 2.0;
        return new IterationShape(sequences, sequences, 0, 0, sequences, mean, maxKv, minKv);
    }

    private static IterationShape Prefill(int chunk, int cached) => new(chunk, 1, chunk, cached, 0, 0, 0, 0);

    [Theory, MemberData(nameof(Gpus))]
    public void A_decode_iteration_never_reads_faster_than_the_memory_bandwidth(string gpu)
    {
        var (model, timing, spec) = Setup(gpu);
        Gen.Select(Gen.Int[1, 256], Gen.Int[1, 8192], Gen.Int[0, 8192]).Sample((n, lo, extra) =>
        {
            var shape = Decode(n, lo, lo + extra);
            double bound = PhysicalBounds.BytesRead(model, 1, shape) / spec.MemoryBandwidthBytesPerS;
            return timing.Seconds(shape) >= bound;
        }, iter: 2000);
    }

    [Theory, MemberData(nameof(Gpus))]
    public void A_prefill_never_computes_faster_than_the_peak_throughput(string gpu)
    {
        var (model, timing, spec) = Setup(gpu);
        Gen.Select(Gen.Int[1, 2048], Gen.Int[0, 16384]).Sample((chunk, cached) =>
        {
            var shape = Prefill(chunk, cached);
            return timing.Seconds(shape) >= PhysicalBounds.Flops(model, 1, shape) / spec.PeakFlops;
        }, iter: 2000);
    }

    [Theory, MemberData(nameof(Gpus))]
    public void Mixed_batches_stay_above_both_bounds(string gpu)
    {
        var (model, timing, spec) = Setup(gpu);
        Gen.Select(Gen.Int[1, 1024], Gen.Int[0, 4096], Gen.Int[1, 128], Gen.Int[1, 4096]).Sample((chunk, cached, n, kv) =>
        {
            var shape = new IterationShape(chunk + n, n + 1, chunk, cached, n, kv, kv, kv);
            return timing.Seconds(shape) >= PhysicalBounds.MinimumSeconds(model, 1, spec, shape);
        }, iter: 2000);
    }

    [Fact]
    public void The_bounds_are_the_textbook_figures_for_one_llama_8b_decode()
    {
        // One sequence, empty cache: 16.06 GB of weights at 1008 GB/s is 15.9 ms; 2 × 8.03 G multiply-adds per token.
        var model = HfModelConfig.Read(LlmTestData.ModelPath);
        var shape = Decode(1, 0, 0);
        Assert.Equal(model.WeightBytes / 1008e9, PhysicalBounds.BytesRead(model, 1, shape) / GpuSpec.Find("RTX4090")!.MemoryBandwidthBytesPerS, 12);
        Assert.InRange(PhysicalBounds.BytesRead(model, 1, shape) / 1008e9, 0.0155, 0.0162);
        Assert.InRange(PhysicalBounds.Flops(model, 1, shape), 2 * 7.4e9, 2 * 8.1e9);
    }
}

/// <summary>A skew fit's α may be negative (fitted per bucket); attention time still never goes below zero.</summary>
public class NegativeSkewTests
{
    [Fact]
    public void A_negative_alpha_never_makes_attention_time_negative()
    {
        var profile = LayerProfileFolder.Read(LlmTestData.ProfileFolder("RTX4090"));
        // One bucket over everything, unmeasured, so every batch takes the default α.
        var skew = new SkewCorrection(new Dictionary<(int, int, int, int, int), double>(), -735, [0, 1e9], [0, 1], [0, 1e9], [0, 1e9], [0]);
        var skewed = profile with { Skew = skew };
        var timing = new IterationTiming(skewed, 32);
        // 64 decodes, one of them far longer than the rest: t(max) ≫ t(mean), so mean + α·(max − mean) < 0 unclamped.
        var shape = new IterationShape(64, 64, 0, 0, 64, 200, 8000, 75);
        Assert.True(timing.AttentionUs(shape) >= 0);
        Assert.True(timing.Seconds(shape) > 0);
        double unclamped = new IterationTiming(profile with { Skew = null }, 32).AttentionUs(shape);
        Assert.True(unclamped > 0);
    }
}
