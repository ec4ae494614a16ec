using BenchmarkDotNet.Attributes;
using DlSim.Formats.AzureLlm;
using DlSim.Formats.LlmWorkloads;

namespace DlSim.Benchmarks;

/// <summary>
/// Reading the LLM reference workloads: the Azure conversation trace (19 366 rows) and the ShareGPT JSONL
/// (300 lines of token ids). The baseline reads the CSV's lines and nothing more, so the Ratio column is
/// the cost of parsing and checking each row on top of reading it. Needs the reference data
/// (<c>$DLSIM_REFERENCE</c>, else <c>../shared/reference</c> beside the repository).
/// </summary>
[MemoryDiagnoser]
public class LlmWorkloadReadBenchmarks
{
    private readonly string _azure = ReferenceData.File("llm", "azure", "AzureLLMInferenceTrace_conv.csv");
    private readonly string _shareGpt = ReferenceData.File("llm", "workloads", "sharegpt-llama-3.1-8b-300-sps10.jsonl");

    [Benchmark(Baseline = true)]
    public int AzureCsvLinesOnly() => File.ReadAllLines(_azure).Length;

    [Benchmark]
    public int AzureCsv() => AzureLlmTraceCsv.Read(_azure).Count;

    [Benchmark]
    public int ShareGptJsonl() => LlmWorkloadJsonl.Read(_shareGpt).Count;
}
