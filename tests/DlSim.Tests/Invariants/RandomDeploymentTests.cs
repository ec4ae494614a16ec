using CsCheck;
using DlSim.Cluster;
using DlSim.Metrics;
using DlSim.Model;
using DlSim.Placement;
using DlSim.Serving;
using DlSim.Workloads;
using Xunit;

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
            AssertElidedReportEqualsEvented(s);
        }, iter: 300);
    }

    /// <summary>The standard observer (completions reported at placement when possible) against one that forces completion events.</summary>
    private static void AssertElidedReportEqualsEvented(InvariantScenario s)
    {
        var elided = Report(s, inOrder: false);
        var evented = Report(s, inOrder: true);
        Assert.Equal(evented.Requests, elided.Requests);
        Assert.Equal(evented.Dropped, elided.Dropped);
        Assert.Equal(evented.Gpus, elided.Gpus);
        Assert.Equal(evented.Overall with { MeanS = 0 }, elided.Overall with { MeanS = 0 });
        Assert.Equal(evented.Overall.MeanS, elided.Overall.MeanS, 1e-12);
    }

    private struct InTimeOrder(StandardObserver inner) : ISimulationObserver
    {
        public StandardObserver Inner = inner;
        public void OnStageScheduled(in StageRun run, ReadOnlySpan<int> requests) => Inner.OnStageScheduled(in run, requests);
        public void OnRequestCompleted(in RequestDone done) => Inner.OnRequestCompleted(in done);
        public void OnRequestDropped(int request, int model, double arrivalS, double nowS) => Inner.OnRequestDropped(request, model, arrivalS, nowS);
    }

    private static SimulationReport Report(InvariantScenario s, bool inOrder)
    {
        var policy = s.Policy ?? new ServingPolicy();
        var layout = new ServingLayout(s.Deployment, s.Overhead, policy.MaxBatch, s.Timing);
        var standard = new StandardObserver
        {
            Latencies = new LatencyRecorder(s.Workload.Header.SlosS, new ExactValueBudget(1 << 20), layout.ReplicaCount,
                double.NegativeInfinity, double.PositiveInfinity),
            Utilization = new UtilizationRecorder(layout),
        };
        var engine = new ServingEngine(layout, null, policy, s.Workload.Header.SlosS);
        if (inOrder)
        {
            var wrapped = new InTimeOrder(standard);
            engine.Run(s.Workload, ref wrapped);
            standard = wrapped.Inner;
        }
        else engine.Run(s.Workload, ref standard);
        return SimulationReports.Build(s.Deployment, standard, standard.Utilization.SpanS, 0);
    }
}
