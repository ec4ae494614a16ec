using DlSim.Formats.LlmModels;
using DlSim.Formats.LlmProfiles;
using DlSim.Formats.LlmRuns;
using DlSim.Formats.LlmWorkloads;
using DlSim.Llm;

namespace DlSim.Tests.Llm;

/// <summary>The LLM reference data: Llama-3.1-8B, its per-layer profiles and the two real vLLM runs.</summary>
public static class LlmTestData
{
    public static string Root => Path.Combine(ReferenceData.Root, "llm");
    public static string ModelPath => Path.Combine(Root, "models", "Llama-3.1-8B.json");
    public static string RunFolder(string gpu) => Path.Combine(Root, "runs", $"{gpu}-Llama-3.1-8B");
    public static string ProfileFolder(string gpu, int tp = 1) => Path.Combine(Root, "profiles", gpu, "Llama-3.1-8B", $"tp{tp}");

    public static LlmDeployment Deployment(string gpu, int kvBlocks, int maxNumSeqs = 256, int maxBatched = 2048, int replicas = 1, LlmRouting routing = LlmRouting.RoundRobin, bool prefixCaching = false)
    {
        var model = HfModelConfig.Read(ModelPath);
        var profile = LayerProfileFolder.Read(ProfileFolder(gpu));
        return new LlmDeployment(model, 1, new LlmEngineConfig(maxNumSeqs, maxBatched, 16, kvBlocks, prefixCaching), new IterationTiming(profile, model.Layers), replicas, routing);
    }

    public static LlmWorkload ShareGpt() => LlmWorkloadJsonl.Read(Path.Combine(Root, "workloads", "sharegpt-llama-3.1-8b-300-sps10.jsonl"), LlmEngineConfig.DefaultBlockSize);
}
