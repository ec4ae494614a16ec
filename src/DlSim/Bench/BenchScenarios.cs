using DlSim.Runs;
using DlSim.Cluster;
using DlSim.Formats.Profiles;
using DlSim.Model;
using DlSim.Model.Profiles;
using DlSim.Placement;
using DlSim.Serving;
using DlSim.Workloads;
using DlSim.Workloads.Arrivals;
using DlSim.Workloads.ClosedLoop;
using DlSim.Workloads.Traffic;

namespace DlSim.Bench;

/// <summary>Builds each <see cref="BenchScenarioKind"/> for a number of requests (one switch).</summary>
public static class BenchScenarios
{
    /// <summary>Load per GPU of the interop scenario: 6.667 Hz × (73.0 + 73.4) ms of GPU time ÷ 2 GPUs.</summary>
    public static readonly double InteropLoadPerGpu = InteropBench.RateHz * (0.0730 + 0.0734) / 2;

    /// <param name="materialize">Generate the requests into memory up front (untimed) instead of streaming them during the run.</param>
    public static BenchCase Create(BenchScenarioKind kind, long requests, bool materialize) => kind switch
    {
        BenchScenarioKind.Interop => Interop(requests, materialize),
        BenchScenarioKind.Cluster1024 => Cluster1024(requests, materialize),
        BenchScenarioKind.ClosedLoop => ClosedLoop(requests),
        BenchScenarioKind.BatchingSlo => BatchingSlo(requests, materialize),
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    private static BenchCase Interop(long requests, bool materialize)
    {
        var spec = Poisson(InteropBench.RateHz, [0.8, 0.2], [0.25, 0.25], requests, "bench_interop");
        var deployment = Deployment.Resolve(InteropBench.Cluster, BuiltInProfiles.Catalog, InteropBench.Placement,
            ServiceMap.Default(InteropBench.Placement), 2, "bench placement");
        return new BenchCase(BenchScenarioKind.Interop, "2 GPUs, 2 services × 1 two-stage replica (placement_interop), Poisson 6.667 Hz",
            deployment, Source(spec, materialize), new SimulationOptions());
    }

    /// <summary>
    /// 128 nodes × 8 GPUs. 32 services, each with 8 replicas of a synthetic 2.6B-parameter model in three
    /// shapes taking 4 GPUs each (pipeline 4 × 1 GPU, pipeline 2 × 2-GPU tensor, 1 × 4-GPU tensor): 256
    /// replicas, every GPU used once. Poisson traffic spread evenly, at the interop scenario's load per GPU.
    /// </summary>
    private static BenchCase Cluster1024(long requests, bool materialize)
    {
        const int services = 32, replicasPerService = 8;
        var family = new SyntheticFamily { LatencyS = 0.1452, WeightBytes = 5_303_096_320 };
        var shapes = new[] { family.Derive("Synth_2.6B", 4, 1), family.Derive("Synth_2.6B", 2, 2), family.Derive("Synth_2.6B", 1, 4) };
        var catalog = new ModelCatalog(shapes);
        var replicas = new List<ReplicaSpec>();
        for (int r = 0; r < services * replicasPerService; r++)
        {
            var exe = shapes[r % shapes.Length];
            int node = r / 2, firstGpu = (r % 2) * 4;
            var meshes = new List<SubMesh>();
            int gpu = firstGpu;
            foreach (var stage in exe.Stages)
            {
                meshes.Add(SubMesh.Single(node, Enumerable.Range(gpu, stage.Shape.GpusPerNode).ToArray()));
                gpu += stage.Shape.GpusPerNode;
            }
            replicas.Add(new ReplicaSpec($"model_{r % services}", exe.ModelName, exe.Name, meshes));
        }
        var placement = new PlacementSpec(replicas);
        var cluster = new ClusterSpec(128, 8, 16);
        var deployment = Deployment.Resolve(cluster, catalog, placement, ServiceMap.Default(placement), services, "bench placement");
        double gpuSecondsPerRequest = shapes.Average(e => e.Stages.Sum(s => s.LatencyS * s.Shape.GpuCount));
        double rate = InteropLoadPerGpu * cluster.GpuCount / gpuSecondsPerRequest;
        var shares = Enumerable.Repeat(1.0 / services, services).ToArray();
        var spec = Poisson(rate, shares, Enumerable.Repeat(0.5, services).ToArray(), requests, "bench_cluster1024");
        return new BenchCase(BenchScenarioKind.Cluster1024,
            $"128 nodes × 8 GPUs, 32 services × 8 replicas (pipeline 4×1, 2×2, tensor 1×4), Poisson {rate:F0} Hz", deployment, Source(spec, materialize), new SimulationOptions());
    }

    /// <summary>The interop deployment with 4 clients of model 0 and 1 of model 1, 0.3 s mean think time, until about N requests.</summary>
    private static BenchCase ClosedLoop(long requests)
    {
        var interop = Interop(1, materialize: false);
        const double approxRate = 5 / (0.3 + 0.2); // clients ÷ (think + latency)
        var clients = new ClosedLoopSpec([new ClientGroup(0, 4, 0.3), new ClientGroup(1, 1, 0.3)], DurationS: requests / approxRate);
        var header = clients.Header("bench_closed_loop");
        return new BenchCase(BenchScenarioKind.ClosedLoop, "placement_interop driven by 5 closed-loop clients (0.3 s think)",
            interop.Deployment, () => new EmptyRequestSource(header), new SimulationOptions { ClosedLoop = clients });
    }

    /// <summary>Two GPUs, one replica each of a synthetic 125M model profiled at batch 1–8, Poisson at 1.3× batch-1 capacity.</summary>
    private static BenchCase BatchingSlo(long requests, bool materialize)
    {
        var family = new SyntheticFamily { LatencyS = 0.01893, WeightBytes = 250_449_408, BatchSizes = [1, 2, 4, 8] };
        var exe = family.Derive("Synth_125M", 1, 1);
        var placement = new PlacementSpec(
        [
            new ReplicaSpec("svc", exe.ModelName, exe.Name, [SubMesh.Single(0, 0)]),
            new ReplicaSpec("svc", exe.ModelName, exe.Name, [SubMesh.Single(0, 1)]),
        ]);
        var deployment = Deployment.Resolve(new ClusterSpec(1, 2, 16), new ModelCatalog([exe]), placement, ServiceMap.Default(placement), 1, "bench placement");
        double rate = 1.3 * 2 / exe.Stages[0].LatencyS;
        var spec = Poisson(rate, [1.0], [0.05], requests, "bench_batching_slo");
        var policy = new ServingPolicy { MaxBatch = 8, Batching = BatchingPolicy.SloAware, Admission = AdmissionPolicy.Slo };
        return new BenchCase(BenchScenarioKind.BatchingSlo, $"2 GPUs, batches up to 8 (SLO-aware) with SLO admission, Poisson {rate:F0} Hz",
            deployment, Source(spec, materialize), new SimulationOptions { Policy = policy });
    }

    private static GeneratedWorkloadSpec Poisson(double rate, double[] shares, double[] slos, long requests, string name) => new()
    {
        Process = new ArrivalProcessSpec { Kind = ArrivalProcessKind.Poisson, RateHz = rate },
        Shares = shares, SlosS = slos, DurationS = double.PositiveInfinity, MaxRequests = requests, Seed = 0, Name = name,
    };

    private static Func<IRequestSource> Source(GeneratedWorkloadSpec spec, bool materialize)
    {
        if (!materialize) return () => new GeneratedRequestSource(spec);
        using var generated = new GeneratedRequestSource(spec);
        var workload = Workload.ReadAll(generated);
        return () => new WorkloadSource(workload);
    }
}
