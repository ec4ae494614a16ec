using DlSim.Runs;
using DlSim.Cluster;
using DlSim.Formats.Profiles;
using DlSim.Model;
using DlSim.Placement;
using DlSim.Workloads;
using DlSim.Workloads.Traffic;

namespace DlSim.Bench;

/// <summary>
/// What <c>dlsim bench</c> and the BenchmarkDotNet suite measure: the reference's 2-stage interop
/// scenario (placement_interop.json) built in memory. One node with two GPUs; services Bert_2.6B_0 and
/// Bert_2.6B_1 each run one replica of Bert_2.6B_2_device_inter, stage 0 on GPU 1 and stage 1 on GPU 0;
/// Poisson arrivals at the reference's 6.667 Hz (about half the pipeline's capacity: loaded but
/// stable), 80/20 over the two models, seed 0.
/// </summary>
public static class InteropBench
{
    public const double RateHz = 6.667;
    public const string Executable = "Bert_2.6B_2_device_inter";

    public static ClusterSpec Cluster { get; } = new(Nodes: 1, GpusPerNode: 2, MemoryGb: 16);

    public static PlacementSpec Placement { get; } = new(
    [
        new ReplicaSpec("Bert_2.6B_0", "Bert_2.6B", Executable, [SubMesh.Single(0, 1), SubMesh.Single(0, 0)]),
        new ReplicaSpec("Bert_2.6B_1", "Bert_2.6B", Executable, [SubMesh.Single(0, 1), SubMesh.Single(0, 0)]),
    ]);

    /// <summary>The Poisson spec for <paramref name="requests"/> requests: duration = requests ÷ rate.</summary>
    public static PoissonWorkloadSpec WorkloadSpec(int requests) => new()
    {
        TotalRateHz = RateHz,
        Proportions = [0.8, 0.2],
        DurationS = requests / RateHz,
        SlosS = [0.25, 0.25],
        Seed = 0,
        Name = $"bench_interop_{requests}",
    };

    /// <summary>
    /// Exactly <paramref name="requests"/> requests: the first ones of the seed-0 Poisson stream. The stream
    /// is generated over a slightly longer window (a Poisson count falls short of rate × duration about
    /// half the time) and cut; arrivals are a prefix of the stream, so the cut changes no request.
    /// </summary>
    public static Workload Workload(int requests)
    {
        if (requests < 1) throw new ArgumentOutOfRangeException(nameof(requests), "expected at least one request");
        var spec = WorkloadSpec(requests);
        double margin = 8 * Math.Sqrt(requests) + 16;
        var full = PoissonGenerator.Generate(spec with { DurationS = (requests + margin) / RateHz });
        if (full.Count < requests)
            throw new InvalidOperationException($"Poisson stream gave {full.Count} requests, fewer than {requests}");
        var header = full.Header with { DurationS = spec.DurationS, Name = spec.Name };
        return new Workload(header, full.ModelIds[..requests], full.ArrivalsS[..requests]);
    }

    public static Deployment Deploy(Workload workload) =>
        Deployment.Resolve(Cluster, BuiltInProfiles.Catalog, Placement, ServiceMap.Default(Placement), workload.Header.ModelCount,
            "bench placement");
}
