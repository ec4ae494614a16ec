using System.Diagnostics;
using DlSim.Formats.AzureLlm;
using DlSim.Formats.LlmModels;
using DlSim.Formats.LlmProfiles;
using DlSim.Foundation;
using DlSim.Llm;

namespace DlSim.Bench;

/// <summary>An LLM benchmark ready to run: the requests and the replicas they go to.</summary>
public sealed record LlmBenchCase(string Description, LlmWorkload Workload, LlmDeployment Deployment);

/// <summary>One timed LLM run. Seconds are wall-clock time of the simulation alone (inputs are read untimed).</summary>
/// <param name="SimulatedS">Simulated time from the first arrival to the last event.</param>
public sealed record LlmBenchResult(int Requests, long Iterations, double SimulatedS, double Seconds, long PeakWorkingSetBytes)
{
    public double IterationsPerSecond => Iterations / Seconds;
    /// <summary>Simulated seconds per wall-clock second.</summary>
    public double RealTimeRatio => SimulatedS / Seconds;
}

/// <summary>
/// <c>dlsim bench --scenario llm-azure</c>: the Azure LLM conversation trace (one hour, 19,366 requests; Azure public
/// dataset, CC BY 4.0) on 8 Llama-3.1-8B replicas (tp1, 2,588 KV blocks of 16 tokens each: the RTX4090 run's cache,
/// RTX4090 per-layer profiles, max_num_seqs 256, max_num_batched_tokens 2048, round-robin). It needs the LLM
/// reference data (files under <c>llm/</c> of the reference folder).
/// </summary>
public static class LlmBench
{
    public const string Scenario = "llm-azure";
    public const int Replicas = 8, KvBlocks = 2588;

    /// <summary>The files the scenario reads, under <paramref name="referenceRoot"/>.</summary>
    public static string[] Files(string referenceRoot) =>
    [
        Path.Combine(referenceRoot, "llm", "azure", "AzureLLMInferenceTrace_conv.csv"),
        Path.Combine(referenceRoot, "llm", "models", "Llama-3.1-8B.json"),
        Path.Combine(referenceRoot, "llm", "profiles", "RTX4090", "Llama-3.1-8B", "tp1"),
    ];

    /// <summary>Reads the scenario's inputs, keeping the first <paramref name="maxRequests"/> requests of the trace.</summary>
    /// <exception cref="InputException">A file of the reference data is missing: the message names it and how to point at the data.</exception>
    public static LlmBenchCase Create(string referenceRoot, long maxRequests)
    {
        var missing = Files(referenceRoot).Where(f => !File.Exists(f) && !Directory.Exists(f)).ToList();
        if (missing.Count > 0)
            throw new InputException([.. missing.Select(f => new InputError(f, 0,
                $"expected the LLM reference data for {Scenario} (set --reference DIR or DLSIM_REFERENCE to the folder holding llm/), found no such file or folder"))]);
        string[] files = Files(referenceRoot);
        var trace = AzureLlmTraceCsv.Read(files[0]);
        var workload = maxRequests >= trace.Count ? trace : new LlmWorkload([.. trace.Requests.Take((int)maxRequests)], trace.Source);
        var model = HfModelConfig.Read(files[1]);
        var profile = LayerProfileFolder.Read(files[2]);
        var engine = new LlmEngineConfig(LlmEngineConfig.DefaultMaxNumSeqs, LlmEngineConfig.DefaultMaxNumBatchedTokens, LlmEngineConfig.DefaultBlockSize, KvBlocks);
        var deployment = new LlmDeployment(model, 1, engine, new IterationTiming(profile, model.Layers), Replicas);
        string description = $"Azure LLM conversation trace ({workload.Count:N0} requests, {workload.SpanS / 60:0} min) on {Replicas} {model.Name} replicas " +
                             $"(tp1, {KvBlocks:N0} KV blocks each, RTX4090 profile)";
        return new LlmBenchCase(description, workload, deployment);
    }

    public static LlmBenchResult Run(LlmBenchCase bench)
    {
        var stopwatch = Stopwatch.StartNew();
        var run = LlmSimulation.Run(bench.Workload, bench.Deployment);
        stopwatch.Stop();
        long peak;
        using (var process = Process.GetCurrentProcess()) peak = process.PeakWorkingSet64;
        double start = bench.Workload.Count > 0 ? bench.Workload.Requests[0].ArrivalS : 0;
        return new LlmBenchResult(bench.Workload.Count, run.Iterations, run.EndS - start, stopwatch.Elapsed.TotalSeconds, peak);
    }

    /// <summary>The first <paramref name="requests"/> requests of a case, for warm-up runs.</summary>
    public static LlmBenchCase Head(LlmBenchCase bench, int requests) => requests >= bench.Workload.Count ? bench
        : bench with { Workload = new LlmWorkload([.. bench.Workload.Requests.Take(requests)], bench.Workload.Source) };
}
