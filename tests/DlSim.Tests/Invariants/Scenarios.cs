using DlSim.Analysis.Calibration;
using DlSim.Cluster;
using DlSim.Formats.Calibration;
using DlSim.Formats.Profiles;
using DlSim.Model;
using DlSim.Placement;
using DlSim.Serving;
using DlSim.Tests.Parity;
using DlSim.Workloads;
using DlSim.Workloads.Traffic;

namespace DlSim.Tests.Invariants;

/// <summary>A deployment and workload to check invariants on, and a recorded run of it.</summary>
/// <param name="Timing">Fitted stage timings (a calibration), if any.</param>
/// <param name="StochasticSeed">Draw run times from the timings' distributions with this seed (stochastic mode).</param>
public sealed record InvariantScenario(string Name, Deployment Deployment, Workload Workload, DispatchOverhead Overhead, ServingPolicy? Policy = null,
    IStageTimingModel? Timing = null, ulong? StochasticSeed = null)
{
    public override string ToString() => Name;

    public (ServingLayout Layout, RecordingObserver Record) Run()
    {
        var policy = Policy ?? new ServingPolicy();
        var layout = new ServingLayout(Deployment, Overhead, policy.MaxBatch, Timing);
        var sampler = StochasticSeed is ulong seed ? new StageSampler(layout, seed) : null;
        var record = RecordingObserver.Create();
        new ServingEngine(layout, null, policy, Workload.Header.SlosS, sampler).Run(Workload, ref record);
        return (layout, record);
    }
}

public static class Scenarios
{
    /// <summary>The built-in catalog plus a stage spanning two nodes (one GPU on each).</summary>
    public static readonly ModelCatalog Catalog = new(BuiltInProfiles.Catalog.Executables.Append(
        new Executable("Bert_125M", "Wide_2_node", [new StageSpec(new MeshShape(2, 1), 0.012)])));

    /// <summary>The reference inputs plus synthetic mixes on a 2-node × 4-GPU cluster under heavy load. Built once (files read,
    /// workloads generated) and shared: a scenario is immutable, and each run builds its own layout and engine.</summary>
    public static IReadOnlyList<InvariantScenario> All() => Built.Value;

    private static readonly Lazy<IReadOnlyList<InvariantScenario>> Built = new(() => Build().ToArray());

    private static IEnumerable<InvariantScenario> Build()
    {
        foreach (var c in ParityCase.All)
        {
            var w = c.LoadWorkload();
            yield return new InvariantScenario(c.ToString(), c.Deploy(w), w, DispatchOverhead.Seed);
        }
        for (ulong seed = 0; seed < 4; seed++)
        {
            yield return Mixed(seed, DispatchOverhead.Seed);
            yield return Mixed(seed, DispatchOverhead.None);
        }
        // Calibrated and stochastic: fitted gaps, delays and queued-run times; drawn run times with stragglers.
        var calibration = CalibrationJson.Read(Path.Combine(RepositoryRoot.Path, "samples", "calibration_reference.json"));
        foreach (var c in ParityCase.All)
        {
            var w = c.LoadWorkload();
            var d = c.Deploy(w);
            var timing = CalibratedTiming.For(calibration, d).WithLevels(3);
            yield return new InvariantScenario($"{c} calibrated stochastic", d, w, DispatchOverhead.Seed, Timing: timing, StochasticSeed: 11);
        }
        // Deterministic calibrated runs: fitted times exactly, blocking hand-offs included.
        foreach (var c in ParityCase.All.Where(c => c.Placement.Contains("interop")))
        {
            var w = c.LoadWorkload();
            var d = c.Deploy(w);
            yield return new InvariantScenario($"{c} calibrated", d, w, DispatchOverhead.Seed, Timing: CalibratedTiming.For(calibration, d));
        }
        var mixed = Mixed(1, DispatchOverhead.Seed);
        yield return mixed with { Name = "mixed calibrated", Timing = CalibratedTiming.For(calibration, mixed.Deployment) };
        yield return mixed with { Name = "mixed calibrated stochastic", Timing = CalibratedTiming.For(calibration, mixed.Deployment), StochasticSeed = 5 };
        var batched = Serving.PolicyHarness.Deploy(3);
        yield return new InvariantScenario("greedy batches calibrated stochastic", batched, Serving.PolicyHarness.Poisson(500, 20_000, sloS: 0.04, seed: 7),
            DispatchOverhead.Seed, new ServingPolicy { MaxBatch = 8 }, CalibratedTiming.For(calibration, batched), 9);
        // A synthetic pipeline the calibration has not fitted borrows its family's figures, blocking hand-off included.
        var pipelines = Serving.PolicyHarness.Deploy(2, "M_2stage");
        yield return new InvariantScenario("slo admission 2-stage calibrated", pipelines, Serving.PolicyHarness.Poisson(300, 20_000, sloS: 0.03, seed: 7),
            DispatchOverhead.Seed, new ServingPolicy { Admission = AdmissionPolicy.Slo }, CalibratedTiming.For(calibration, pipelines));
        foreach (var (name, policy) in Policies())
        {
            var w = Serving.PolicyHarness.Poisson(500, 20_000, sloS: 0.04, seed: 7);
            yield return new InvariantScenario($"policy {name}", Serving.PolicyHarness.Deploy(3), w, DispatchOverhead.Seed, policy);
            yield return new InvariantScenario($"policy {name} 2-stage", Serving.PolicyHarness.Deploy(2, "M_2stage"), w, DispatchOverhead.Seed,
                policy with { MaxBatch = 1 });
        }
    }

    private static IEnumerable<(string, ServingPolicy)> Policies()
    {
        foreach (var routing in Enum.GetValues<RoutingPolicy>())
            yield return (routing.ToString(), new ServingPolicy { Routing = routing, Seed = 1 });
        yield return ("slo admission", new ServingPolicy { Admission = AdmissionPolicy.Slo });
        yield return ("greedy batches", new ServingPolicy { MaxBatch = 8 });
        yield return ("waiting batches", new ServingPolicy { MaxBatch = 4, Batching = BatchingPolicy.Wait, BatchWaitS = 0.004 });
        yield return ("slo-aware batches with admission", new ServingPolicy { MaxBatch = 8, Batching = BatchingPolicy.SloAware, Admission = AdmissionPolicy.Slo });
    }

    public static InvariantScenario Mixed(ulong seed, DispatchOverhead overhead)
    {
        var cluster = new ClusterSpec(2, 4, 16);
        // Overlapping meshes on purpose: replicas of different services share GPUs.
        var placement = new PlacementSpec(
        [
            new ReplicaSpec("big", "Bert_2.6B", "Bert_2.6B_4_device_inter", [SubMesh.Single(0, 0), SubMesh.Single(0, 1), SubMesh.Single(0, 2), SubMesh.Single(0, 3)]),
            new ReplicaSpec("big", "Bert_2.6B", "Bert_2.6B_2_device_intra", [SubMesh.Single(1, 0, 1)]),
            new ReplicaSpec("small", "Bert_125M", "Bert_125M_2_device_inter", [SubMesh.Single(0, 3), SubMesh.Single(1, 1)]),
            new ReplicaSpec("small", "Bert_125M", "Bert_125M_1_device", [SubMesh.Single(1, 2)]),
            new ReplicaSpec("wide", "Bert_125M", "Wide_2_node", [new SubMesh([0, 1], [[2], [3]])]),
        ]);
        var workload = PoissonGenerator.Generate(new PoissonWorkloadSpec
        {
            TotalRateHz = 60, Proportions = [0.3, 0.5, 0.2], DurationS = 30, SlosS = [0.5, 0.1, 0.1], Seed = seed, Name = "mixed",
        });
        var deployment = Deployment.Resolve(cluster, Catalog, placement, ServiceMap.Default(placement), 3);
        return new InvariantScenario($"mixed seed {seed} overhead {overhead}", deployment, workload, overhead);
    }
}
