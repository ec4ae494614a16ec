using BenchmarkDotNet.Attributes;
using DlSim.Runs;
using DlSim.Bench;

namespace DlSim.Benchmarks;

/// <summary>
/// Cost per simulated request of each <c>dlsim bench</c> scenario, with requests generated in setup.
/// Interop is the baseline, so the Ratio column answers "how much dearer is a request at 1024 GPUs
/// (at equal load per GPU), with closed-loop clients, or with batching and SLO admission?".
/// </summary>
[MemoryDiagnoser]
public class ScenarioBenchmarks
{
    private const int Requests = 500_000;

    [Params(BenchScenarioKind.Interop, BenchScenarioKind.Cluster1024, BenchScenarioKind.ClosedLoop, BenchScenarioKind.BatchingSlo)]
    public BenchScenarioKind Scenario { get; set; }

    private BenchCase _case = null!;

    [GlobalSetup]
    public void Setup() => _case = BenchScenarios.Create(Scenario, Requests, materialize: true);

    [Benchmark(OperationsPerInvoke = Requests)]
    public long Simulate()
    {
        using var source = _case.OpenRequests();
        return Simulation.Run(_case.Deployment, source, _case.Options).Report.Requests;
    }
}
