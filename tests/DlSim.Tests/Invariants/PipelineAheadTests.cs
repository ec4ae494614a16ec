using Xunit;
using DlSim.Cluster;
using DlSim.Formats.Profiles;
using DlSim.Model;
using DlSim.Placement;
using DlSim.Serving;
using DlSim.Tests.Serving;

namespace DlSim.Tests.Invariants;

/// <summary>
/// INVARIANTS.md 4: placing a pipeline that has its GPUs to itself all at once, when a request enters,
/// gives exactly the times of event-by-event placement (forced here by an idle replica sharing one GPU).
/// </summary>
public class PipelineAheadTests
{
    [Theory]
    [InlineData(RoutingPolicy.EarliestFree)]
    [InlineData(RoutingPolicy.RoundRobin)]
    public void Placing_an_exclusive_pipeline_ahead_changes_no_stage_time(RoutingPolicy routing)
    {
        var own = PolicyHarness.Deploy(2, "M_2stage");
        var shared = Deployment.Resolve(new ClusterSpec(1, 4, 16), PolicyHarness.Catalog, new PlacementSpec(
        [
            .. own.Replicas.Select(r => r.Spec),
            new ReplicaSpec("idle", "M", "M_1", [SubMesh.Single(0, 1)]),
            new ReplicaSpec("idle", "M", "M_1", [SubMesh.Single(0, 3)]),
        ]), new ServiceMap(new Dictionary<int, string> { [0] = "S" }), 1);
        var w = PolicyHarness.Poisson(180, 20_000, seed: 31);
        var policy = new ServingPolicy { Routing = routing };
        var ahead = PolicyHarness.Record(own, w, policy);
        var stepwise = PolicyHarness.Record(shared, w, policy);

        Assert.True(new ServingLayout(own, DispatchOverhead.None).ReplicaPlacedWhole.All(x => x));
        Assert.True(new ServingLayout(shared, DispatchOverhead.None).ReplicaPlacedWhole.All(x => !x));
        static IEnumerable<(int, int, double, double)> Times(RecordingObserver r) =>
            r.Stages.Select(s => (s.Request, s.Stage, s.StartS, s.EndS)).Order();
        Assert.Equal(Times(stepwise), Times(ahead));
        Assert.Equal(stepwise.Completions.Select(c => c.CompletionS), ahead.Completions.Select(c => c.CompletionS));
    }

    [Fact]
    public void Twin_replicas_on_identical_meshes_are_placed_whole_with_the_same_times_as_event_by_event()
    {
        var c = Parity.ParityCase.All[1]; // 6.667 Hz on placement_interop: two replicas on the same two meshes
        var w = c.LoadWorkload();
        var twins = c.Deploy(w);
        var placement = new PlacementSpec([.. twins.Replicas.Select(r => r.Spec),
            new ReplicaSpec("idle", "Bert_2.6B", "Bert_2.6B_1_device", [SubMesh.Single(0, 0)])]);
        var mixed = Deployment.Resolve(twins.Cluster, DlSim.Formats.Profiles.BuiltInProfiles.Catalog, placement,
            new ServiceMap(new Dictionary<int, string> { [0] = "Bert_2.6B_0", [1] = "Bert_2.6B_1" }), 2);
        Assert.True(new ServingLayout(twins, DispatchOverhead.Seed).ReplicaPlacedWhole.All(x => x));
        Assert.True(new ServingLayout(mixed, DispatchOverhead.Seed).ReplicaPlacedWhole.All(x => !x));
        static List<(int, int, double, double)> Times(Deployment d, DlSim.Workloads.Workload w, IStageTimingModel? timing = null)
        {
            var record = RecordingObserver.Create();
            new ServingEngine(new ServingLayout(d, DispatchOverhead.Seed, timing: timing)).Run(w, ref record);
            return record.Stages.Select(s => (s.Request, s.Stage, s.StartS, s.EndS)).Order().ToList();
        }
        Assert.Equal(Times(mixed, w), Times(twins, w));

        // Fitted timings with an immediate hand-off too (a blocking one sees more of the receiver's queue when placed ahead).
        var immediate = Analysis.Calibration.CalibrationCases.All with { Handoff = DlSim.Analysis.Calibration.PipelineHandoff.Immediate };
        Assert.Equal(Times(mixed, w, DlSim.Analysis.Calibration.CalibratedTiming.For(immediate, mixed)),
            Times(twins, w, DlSim.Analysis.Calibration.CalibratedTiming.For(immediate, twins)));
    }
}
