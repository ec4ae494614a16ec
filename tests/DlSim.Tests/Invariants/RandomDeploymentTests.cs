using CsCheck;
using Xunit;
using DlSim.Cluster;
using DlSim.Model;
using DlSim.Placement;
using DlSim.Serving;
using DlSim.Workloads;
using DlSim.Workloads.Traffic;

namespace DlSim.Tests.Invariants;

/// <summary>
/// Invariants 1–4, 8 and 11 on random deployments: small clusters where pipelines, tensor meshes and services overlap at
/// random, with every routing policy, SLO admission or none, the seed's overheads or fitted timings with either hand-off.
/// Also checks that reports without completion events equal the evented run's.
/// </summary>
public class RandomDeploymentTests
{
    /// <summary>Timings as a calibration would give them: per slot a gap, a delay, a queued-run scale and the hand-off mode.</summary>
    private sealed class RandomTiming(int seed, bool blocking) : IStageTimingModel
    {
        public StageTiming? For(string executable, int stage)
        {
            var rng = new Random(HashCode.Combine(seed, executable, stage));
            double latency = 0.002 + 0.018 * rng.NextDouble();
            return new StageTiming(latency, 0.004 * rng.NextDouble(), 0.001 * rng.NextDouble(), BusyLatencyS: latency * (1 + 0.05 * rng.NextDouble()),
                BlockingHandoff: blocking);
        }
    }

    private static InvariantScenario Create(int seed)
    {
        var rng = new Random(seed);
        int nodes = rng.Next(1, 3), gpusPerNode = 4, replicas = rng.Next(1, 5), services = Math.Min(rng.Next(1, 3), replicas);
        var executables = new List<Executable>();
        var specs = new List<ReplicaSpec>();
        for (int r = 0; r < replicas; r++)
        {
            int stages = rng.Next(1, 4);
            var meshes = new SubMesh[stages];
            var shapes = new StageSpec[stages];
            for (int k = 0; k < stages; k++)
            {
                int width = rng.Next(1, 3), first = rng.Next(0, gpusPerNode - width + 1);
                meshes[k] = SubMesh.Single(rng.Next(nodes), Enumerable.Range(first, width).ToArray());
                shapes[k] = new StageSpec(new MeshShape(1, width), 0.002 + 0.018 * rng.NextDouble());
            }
            executables.Add(new Executable("M", $"E{r}", shapes));
            specs.Add(new ReplicaSpec($"S{r % services}", "M", $"E{r}", meshes));
        }
        var placement = new PlacementSpec(specs);
        var map = new ServiceMap(Enumerable.Range(0, services).ToDictionary(m => m, m => $"S{m}"));
        var deployment = Deployment.Resolve(new ClusterSpec(nodes, gpusPerNode, 16), new ModelCatalog(executables), placement, map, services);
        double slo = 0.02 + 0.2 * rng.NextDouble();
        var workload = PoissonGenerator.Generate(new PoissonWorkloadSpec
        {
            TotalRateHz = 20 + 400 * rng.NextDouble(), Proportions = [.. Enumerable.Repeat(1.0 / services, services)],
            DurationS = 2, SlosS = [.. Enumerable.Repeat(slo, services)], Seed = (ulong)seed, Name = "random",
        });
        var policy = new ServingPolicy
        {
            Routing = (RoutingPolicy)rng.Next(Enum.GetValues<RoutingPolicy>().Length),
            Admission = rng.Next(2) == 0 ? AdmissionPolicy.None : AdmissionPolicy.Slo,
            Seed = (ulong)seed,
        };
        int timing = rng.Next(3); // 0: the seed's overheads; 1: fitted, immediate hand-off; 2: fitted, blocking hand-off
        return new InvariantScenario($"random {seed}", deployment, workload, DispatchOverhead.Seed, policy,
            timing == 0 ? null : new RandomTiming(seed, blocking: timing == 2));
    }

    [Fact]
    public void Invariants_hold_on_random_deployments_policies_and_timings()
    {
        Gen.Int[0, 1_000_000].Sample(seed =>
        {
            var s = Create(seed);
            var (layout, record) = s.Run();
            InvariantChecks.Conservation(s, record);
            InvariantChecks.Causality(s, record);
            InvariantChecks.ExclusiveGpus(layout, record);
            InvariantChecks.MonotoneClock(layout, record);
            InvariantChecks.FifoPerGpu(layout, record);
            InvariantChecks.Handoff(s, layout, record);
            StandardReports.AssertElidedEqualsEvented(s);
        }, iter: 300);
    }
}
