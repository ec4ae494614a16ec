namespace DlSim.Tests.Llm;

/// <summary>The LLM reference files (see the reference folder's llm/README.md).</summary>
public static class LlmReference
{
    public static string ShareGpt => Path.Combine(ReferenceData.Root, "llm", "workloads", "sharegpt-llama-3.1-8b-300-sps10.jsonl");
    public static string AzureConv => Path.Combine(ReferenceData.Root, "llm", "azure", "AzureLLMInferenceTrace_conv.csv");
    public static string AzureCode => Path.Combine(ReferenceData.Root, "llm", "azure", "AzureLLMInferenceTrace_code.csv");
}
