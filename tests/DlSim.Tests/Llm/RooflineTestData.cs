using DlSim.Formats.LlmModels;
using DlSim.Formats.LlmProfiles;
using DlSim.Llm;

namespace DlSim.Tests.Llm;

/// <summary>The reference profiles as the roofline fit takes them, and factors fitted on each GPU alone (fitted once per test run).</summary>
public static class RooflineTestData
{
    private static readonly Lazy<Dictionary<string, ProfiledGpu>> Profiles = new(() => GpuSpec.Known.ToDictionary(g => g.Name, g =>
    {
        var model = HfModelConfig.Read(LlmTestData.ModelPath);
        return new ProfiledGpu(g, model, 1, LayerProfileFolder.Read(LlmTestData.ProfileFolder(g.Name)));
    }));

    private static readonly Lazy<Dictionary<string, RooflineFactors>> FittedAlone = new(() =>
        Profiles.Value.ToDictionary(kv => kv.Key, kv => RooflineFit.Fit([kv.Value])));

    public static ProfiledGpu Profiled(string gpu) => Profiles.Value[gpu];

    public static RooflineFactors FittedOn(string gpu) => FittedAlone.Value[gpu];

    public static string Other(string gpu) => GpuSpec.Known.Single(g => g.Name != gpu).Name;

    public static LlmDeployment Deployment(string gpu, RooflineFactors factors, int kvBlocks, int maxNumSeqs, int maxBatched, bool prefixCaching)
    {
        var model = HfModelConfig.Read(LlmTestData.ModelPath);
        var timing = IterationTiming.FromRoofline(new RooflineTiming(new RooflineOperators(model, 1, GpuSpec.Find(gpu)!, factors)));
        return new LlmDeployment(model, 1, new LlmEngineConfig(maxNumSeqs, maxBatched, 16, kvBlocks, prefixCaching), timing);
    }
}
