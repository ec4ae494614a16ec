using System.Text.Json;

namespace DlSim.Tests.Llm;

/// <summary>Sharing files for tests, written with absolute paths into the reference data.</summary>
public static class LlmSharingFiles
{
    public static string CodeWorkload => Path.Combine(RepositoryRoot.Path, "samples", "llm-sharing", "code-5rps-30s.jsonl");

    /// <summary>A model entry on <paramref name="gpu"/>'s profiles; <paramref name="extra"/> is more JSON members (", \"tp\": 2").</summary>
    public static string Model(string name, string gpu, string workload, string extra = "") =>
        $$"""{"name": {{Q(name)}}, "model": {{Q(LlmTestData.ModelPath)}}, "profiles": {{Q(Path.Combine(LlmTestData.Root, "profiles", gpu))}}, "workload": {{Q(workload)}}{{extra}}}""";

    /// <summary>One group of <paramref name="memoryGb"/> GB GPUs holding the given model entries.</summary>
    public static string OneGroup(double memoryGb, string groupExtra, params string[] models) =>
        $$"""
        {
          "groups": [
            {
              "gpu_memory_gb": {{memoryGb.ToString(System.Globalization.CultureInfo.InvariantCulture)}}{{groupExtra}},
              "models": [
                {{string.Join(",\n        ", models)}}
              ]
            }
          ]
        }
        """;

    private static string Q(string s) => JsonSerializer.Serialize(s);
}
