using DlSim.Cluster;
using DlSim.Metrics;
using DlSim.Model;
using DlSim.Placement;
using DlSim.Runs;
using DlSim.Serving;
using DlSim.Tests.Invariants;
using DlSim.Workloads;
using DlSim.Workloads.ClosedLoop;
using DlSim.Workloads.Traffic;

namespace DlSim.Tests.Serving;

/// <summary>Small deployments of a synthetic single-stage model "M" (latency per batch size below) on separate GPUs.</summary>
public static class PolicyHarness
{
    /// <summary>Seconds per run at batch sizes 1, 2, 4, 8 (interpolated between).</summary>
    public static readonly (int Batch, double LatencyS)[] Profile = [(1, 0.010), (2, 0.014), (4, 0.020), (8, 0.032)];

    public static readonly ModelCatalog Catalog = new(
    [
        new Executable("M", "M_1", [new StageSpec(new MeshShape(1, 1), Profile.Select(p => new BatchPoint(p.Batch, p.LatencyS)).ToArray())]),
        new Executable("M", "M_2stage", [new StageSpec(new MeshShape(1, 1), 0.006), new StageSpec(new MeshShape(1, 1), 0.004)]),
    ]);

    /// <summary><paramref name="replicas"/> replicas of service S, replica i on GPU i.</summary>
    public static Deployment Deploy(int replicas, string executable = "M_1")
    {
        int stages = Catalog[executable].StageCount;
        var specs = Enumerable.Range(0, replicas).Select(i =>
            new ReplicaSpec("S", "M", executable, Enumerable.Range(0, stages).Select(s => SubMesh.Single(0, i * stages + s)).ToArray())).ToArray();
        var placement = new PlacementSpec(specs);
        return Deployment.Resolve(new ClusterSpec(1, replicas * stages, 16), Catalog, placement, ServiceMap.Default(placement), 1);
    }

    public static Workload Poisson(double rateHz, int requests, double sloS = 1, ulong seed = 1)
    {
        var w = PoissonGenerator.Generate(new PoissonWorkloadSpec
        { TotalRateHz = rateHz, Proportions = [1.0], SlosS = [sloS], DurationS = requests / rateHz, Seed = seed, Name = "p" });
        return w;
    }

    public static SimulationReport Simulate(Deployment d, Workload w, ServingPolicy policy, ClosedLoopSpec? closedLoop = null) =>
        Simulation.Run(d, w, new SimulationOptions { Overhead = DispatchOverhead.None, Policy = policy, ClosedLoop = closedLoop }).Report;

    public static RecordingObserver Record(Deployment d, Workload w, ServingPolicy policy)
    {
        var layout = new ServingLayout(d, DispatchOverhead.None, policy.MaxBatch);
        var record = RecordingObserver.Create();
        new ServingEngine(layout, null, policy, w.Header.SlosS).Run(w, ref record);
        return record;
    }
}
