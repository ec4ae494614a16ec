using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using DlSim.Formats.AzureLlm;
using DlSim.Formats.LlmModels;
using DlSim.Formats.LlmProfiles;
using DlSim.Formats.LlmRuns;
using DlSim.Formats.LlmWorkloads;
using DlSim.Llm;

namespace DlSim.Benchmarks;

/// <summary>
/// The LLM engine's speed after start-up (inputs read untimed): the two real 300-request vLLM runs replayed with their
/// engine settings (RTX4090: KV cache filling, prefix caching on; RTXPRO6000: 33,540 blocks), and the Azure
/// conversation trace (19,366 requests, one hour) on 8 Llama-3.1-8B replicas of 2,588 blocks on the RTX4090 profile
/// and timed by the roofline model (<c>--gpu RTX4090</c>).
/// Extra columns: simulated iterations per second of wall time, and simulated seconds per wall second (real-time
/// ratio). Needs the reference data (<c>$DLSIM_REFERENCE</c>, else <c>../shared/reference</c> beside the repository).
/// </summary>
[MemoryDiagnoser]
[Config(typeof(LlmSpeedColumns))]
public class LlmSimulationBenchmarks
{
    private LlmWorkload _rtx4090 = null!, _rtxpro6000 = null!, _azure = null!;
    private LlmDeployment _rtx4090Engine = null!, _rtxpro6000Engine = null!, _azureEngine = null!, _azureRoofline = null!;

    /// <summary>Per benchmark method: (iterations, simulated seconds) of one run, for the extra columns.</summary>
    internal static readonly Dictionary<string, (int Iterations, double SimulatedS)> Runs = [];

    [GlobalSetup]
    public void Setup()
    {
        var shareGpt = LlmWorkloadJsonl.Read(ReferenceData.File("llm", "workloads", "sharegpt-llama-3.1-8b-300-sps10.jsonl"), LlmEngineConfig.DefaultBlockSize);
        var real4090 = LlmRunFolder.Read(ReferenceData.File("llm", "runs", "RTX4090-Llama-3.1-8B"));
        var real6000 = LlmRunFolder.Read(ReferenceData.File("llm", "runs", "RTXPRO6000-Llama-3.1-8B"));
        _rtx4090 = real4090.Workload(shareGpt);
        _rtxpro6000 = real6000.Workload();
        _azure = AzureLlmTraceCsv.Read(ReferenceData.File("llm", "azure", "AzureLLMInferenceTrace_conv.csv"));
        _rtx4090Engine = Deployment("RTX4090", real4090.KvBlocks!.Value, real4090.MaxNumSeqs, real4090.MaxNumBatchedTokens, 1, true);
        _rtxpro6000Engine = Deployment("RTXPRO6000", 33540, real6000.MaxNumSeqs, real6000.MaxNumBatchedTokens, 1, false);
        _azureEngine = Deployment("RTX4090", 2588, 256, 2048, 8, false);
        _azureRoofline = _azureEngine with
        {
            Timing = IterationTiming.FromRoofline(new RooflineTiming(new RooflineOperators(_azureEngine.Model, 1, GpuSpec.Find("RTX4090")!, RooflineFactors.Default))),
        };
        Record(nameof(Rtx4090Run300), Rtx4090Run300());
        Record(nameof(Rtxpro6000Run300), Rtxpro6000Run300());
        Record(nameof(Azure8Replicas), Azure8Replicas());
        Record(nameof(Azure8ReplicasRoofline), Azure8ReplicasRoofline());
    }

    [Benchmark(Baseline = true)]
    public LlmRunResult Rtx4090Run300() => LlmSimulation.Run(_rtx4090, _rtx4090Engine);

    [Benchmark]
    public LlmRunResult Rtxpro6000Run300() => LlmSimulation.Run(_rtxpro6000, _rtxpro6000Engine);

    [Benchmark]
    public LlmRunResult Azure8Replicas() => LlmSimulation.Run(_azure, _azureEngine);

    /// <summary>The same, timed by the roofline model (--gpu RTX4090) instead of profiles.</summary>
    [Benchmark]
    public LlmRunResult Azure8ReplicasRoofline() => LlmSimulation.Run(_azure, _azureRoofline);

    private static void Record(string method, LlmRunResult run) =>
        Runs[method] = (run.Iterations, run.EndS - (run.Requests.Count > 0 ? run.Requests[0].ArrivalS : 0));

    private static LlmDeployment Deployment(string gpu, int blocks, int seqs, int batched, int replicas, bool caching)
    {
        var model = HfModelConfig.Read(ReferenceData.File("llm", "models", "Llama-3.1-8B.json"));
        var profile = LayerProfileFolder.Read(ReferenceData.File("llm", "profiles", gpu, model.Name, "tp1"));
        return new LlmDeployment(model, 1, new LlmEngineConfig(seqs, batched, 16, blocks, caching), new IterationTiming(profile, model.Layers), replicas);
    }
}

/// <summary>Simulated iterations per wall second and the real-time ratio (simulated over wall seconds), from the mean time.</summary>
public sealed class LlmSpeedColumns : ManualConfig
{
    public LlmSpeedColumns()
    {
        AddColumn(new SpeedColumn("SimIterations/s", (run, seconds) => run.Iterations / seconds),
            new SpeedColumn("RealTimeRatio", (run, seconds) => run.SimulatedS / seconds));
    }

    private sealed class SpeedColumn(string name, Func<(int Iterations, double SimulatedS), double, double> value) : IColumn
    {
        public string Id => nameof(SpeedColumn) + name;
        public string ColumnName => name;
        public bool AlwaysShow => true;
        public ColumnCategory Category => ColumnCategory.Custom;
        public int PriorityInCategory => 0;
        public bool IsNumeric => true;
        public UnitType UnitType => UnitType.Dimensionless;
        public string Legend => name == "RealTimeRatio" ? "Simulated seconds per wall second" : "Simulated engine iterations per wall second";
        public bool IsAvailable(Summary summary) => true;
        public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
        public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

        public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
        {
            var stats = summary[benchmarkCase]?.ResultStatistics;
            if (stats is null || !LlmSimulationBenchmarks.Runs.TryGetValue(benchmarkCase.Descriptor.WorkloadMethod.Name, out var run)) return "?";
            return value(run, stats.Mean * 1e-9).ToString("N0", System.Globalization.CultureInfo.InvariantCulture);
        }
    }
}
