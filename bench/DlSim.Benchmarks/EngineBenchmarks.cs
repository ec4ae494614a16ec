using BenchmarkDotNet.Attributes;
using DlSim.Placement;
using DlSim.Runs;
using DlSim.Bench;
using DlSim.Serving;
using DlSim.Workloads;

namespace DlSim.Benchmarks;

/// <summary>
/// The engine loop on <see cref="InteropBench"/> (the same as <c>dlsim bench</c>): 1 M requests of the
/// 2-stage interop scenario. <see cref="Simulation_run"/> is the whole run (layout, observers, summary);
/// <see cref="Engine_loop_only"/> is the event loop with an observer that records nothing, so the
/// ratio shows what statistics cost.
/// </summary>
[MemoryDiagnoser]
public class EngineBenchmarks
{
    private const int Requests = 1_000_000;

    private Workload _workload = null!;
    private Deployment _deployment = null!;
    private ServingLayout _layout = null!;

    [GlobalSetup]
    public void Setup()
    {
        _workload = InteropBench.Workload(Requests);
        _deployment = InteropBench.Deploy(_workload);
        _layout = new ServingLayout(_deployment, DispatchOverhead.Seed);
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Requests)]
    public double Simulation_run() => Simulation.Run(_deployment, _workload).Report.Overall.MeanS;

    [Benchmark(OperationsPerInvoke = Requests)]
    public long Engine_loop_only()
    {
        var observer = new CountingObserver();
        new ServingEngine(_layout).Run(_workload, ref observer);
        return observer.Completed;
    }

    /// <summary>Counts completions and nothing else: the engine's own cost.</summary>
    private struct CountingObserver : ISimulationObserver
    {
        public long Completed;
        public void OnStageScheduled(in StageRun run, ReadOnlySpan<int> requests) { }
        public void OnRequestCompleted(in RequestDone done) => Completed++;
        public void OnRequestDropped(int request, int model, double arrivalS, double nowS) { }
    }
}
