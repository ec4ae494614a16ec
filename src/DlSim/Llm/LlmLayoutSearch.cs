namespace DlSim.Llm;

/// <summary>One way to lay a model out on GPUs: colocated replicas, or prefill replicas and decode replicas; each
/// replica a pipeline of <paramref name="Stages"/> stages, each stage a tensor-parallel group.</summary>
/// <param name="Replicas">Replicas (with disaggregation: prefill replicas).</param>
/// <param name="DecodeReplicas">Decode replicas; 0 for colocated replicas.</param>
public sealed record LlmLayout(int Replicas, int Stages, int DecodeReplicas = 0)
{
    public bool Disaggregated => DecodeReplicas > 0;

    /// <summary>GPUs the layout takes with tensor-parallel groups of <paramref name="tp"/>.</summary>
    public int Gpus(int tp) => (Replicas + DecodeReplicas) * Stages * tp;

    /// <summary>"2 × pp2" or, disaggregated, "1 prefill + 3 decode × pp1".</summary>
    public string Name => Disaggregated ? $"{Replicas} prefill + {DecodeReplicas} decode × pp{Stages}" : $"{Replicas} × pp{Stages}";
}

/// <summary>A layout's simulated run: its GPUs, KV blocks per replica and statistics (SLO attainment when SLOs were given).</summary>
public sealed record LlmLayoutOutcome(LlmLayout Layout, int Gpus, int KvBlocks, LlmStatistics Statistics)
{
    /// <summary>Fraction of requests within every objective (0 without objectives).</summary>
    public double Attainment => Statistics.SloAttainment ?? 0;
}

/// <summary>
/// Capacity planning for one LLM: every layout of replicas, pipeline stages and (optionally) prefill/decode
/// disaggregation on up to a number of GPUs, each simulated on the workload, ranked by whether it reaches a target
/// SLO attainment, then by fewest GPUs, then by goodput.
/// </summary>
public static class LlmLayoutSearch
{
    /// <summary>Every layout on 1 to <paramref name="maxGpus"/> GPUs with tensor-parallel groups of <paramref name="tp"/>:
    /// by stages (at most the layer count), then replicas; with <paramref name="disaggregation"/>, every split of two or
    /// more replicas into prefill and decode replicas too.</summary>
    public static List<LlmLayout> Enumerate(int maxGpus, int tp, int layers, bool disaggregation)
    {
        var layouts = new List<LlmLayout>();
        for (int stages = 1; stages <= layers && stages * tp <= maxGpus; stages++)
            for (int replicas = 1; replicas * stages * tp <= maxGpus; replicas++)
            {
                layouts.Add(new LlmLayout(replicas, stages));
                if (disaggregation)
                    for (int prefill = 1; prefill < replicas; prefill++) layouts.Add(new LlmLayout(prefill, stages, replicas - prefill));
            }
        return layouts;
    }

    /// <summary>Simulates <paramref name="layout"/>: <paramref name="model"/>'s engine, timing and router, with
    /// <paramref name="kvBlocks"/> blocks per replica; a disaggregated layout sends KV over <paramref name="kvLink"/>.</summary>
    public static LlmLayoutOutcome Evaluate(LlmWorkload workload, LlmDeployment model, LlmLayout layout, int kvBlocks,
        (double BytesPerS, double LatencyS)? kvLink, double? ttftSloS, double? tpotSloS)
    {
        var pipeline = layout.Stages == 1 ? null : (model.Pipeline ?? LlmPipeline.None) with { Stages = layout.Stages };
        var deployment = model with { Replicas = layout.Replicas, Pipeline = pipeline, Engine = model.Engine with { KvBlocks = kvBlocks } };
        LlmRunResult run;
        if (layout.Disaggregated)
        {
            var link = kvLink ?? throw new ArgumentException("a disaggregated layout needs a KV link", nameof(kvLink));
            run = LlmDisaggregatedSimulation.Run(workload, new LlmDisaggregation(deployment, layout.DecodeReplicas, kvBlocks, link.BytesPerS, link.LatencyS)).Run;
        }
        else run = LlmSimulation.Run(workload, deployment);
        return new LlmLayoutOutcome(layout, layout.Gpus(model.TensorParallel), kvBlocks, LlmStatistics.Of(run, ttftSloS, tpotSloS));
    }

    /// <summary>Best first: those reaching <paramref name="target"/> attainment, by fewest GPUs, then most goodput;
    /// then the others by attainment, then fewest GPUs. Ties keep the enumeration order.</summary>
    public static List<LlmLayoutOutcome> Rank(IEnumerable<LlmLayoutOutcome> outcomes, double target) =>
        [.. outcomes.OrderByDescending(o => o.Attainment >= target)
            .ThenBy(o => o.Attainment >= target ? o.Gpus : 0)
            .ThenByDescending(o => o.Attainment >= target ? o.Statistics.GoodputPerS ?? 0 : o.Attainment)
            .ThenBy(o => o.Gpus)];
}
