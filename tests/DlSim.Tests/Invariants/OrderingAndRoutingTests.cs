using DlSim.Cluster;
using DlSim.Model;
using DlSim.Placement;
using DlSim.Serving;
using DlSim.Workloads;
using Xunit;

namespace DlSim.Tests.Invariants;

/// <summary>INVARIANTS.md 6 (same-time order) and 7 (routing), on hand-made cases with exact ties.</summary>
public class OrderingAndRoutingTests
{
    // Binary fractions, so sums are exact and ties really are ties.
    private static readonly ModelCatalog Catalog = new(
    [
        new Executable("M", "one", [new StageSpec(new MeshShape(1, 1), 0.5)]),
        new Executable("M", "two", [new StageSpec(new MeshShape(1, 1), 0.5), new StageSpec(new MeshShape(1, 1), 0.5)]),
    ]);

    private static RecordingObserver Run(PlacementSpec placement, int[] models, double[] arrivals, int gpus = 3)
    {
        int modelCount = models.Max() + 1;
        var header = new WorkloadHeader(modelCount, 1, Enumerable.Repeat(1.0 / modelCount, modelCount).ToArray(), 10,
            Enumerable.Repeat(1.0, modelCount).ToArray(), "t");
        var deployment = Deployment.Resolve(new ClusterSpec(1, gpus, 16), Catalog, placement, ServiceMap.Default(placement), modelCount);
        var record = RecordingObserver.Create();
        new ServingEngine(new ServingLayout(deployment, new DispatchOverhead(0.125, 0.25))).Run(new Workload(header, models, arrivals), ref record);
        return record;
    }

    private static StageRun Stage(RecordingObserver r, int request, int stage) => r.Stages.Single(s => s.Request == request && s.Stage == stage);

    [Fact]
    public void I6_a_completion_at_t_hands_on_before_an_arrival_at_t()
    {
        // Service A: stage 0 on GPU 1, stage 1 on GPU 0. Service B: one stage on GPU 0.
        var placement = new PlacementSpec(
        [
            new ReplicaSpec("A", "M", "two", [SubMesh.Single(0, 1), SubMesh.Single(0, 0)]),
            new ReplicaSpec("B", "M", "one", [SubMesh.Single(0, 0)]),
        ]);
        var r = Run(placement, [0, 1], [0.0, 0.5]);
        Assert.Equal(0.5, Stage(r, 0, 1).StartS);          // A's second stage takes GPU 0 at 0.5 …
        Assert.Equal(1.0 + 0.25, Stage(r, 1, 0).StartS);   // … so B, arriving at 0.5, queues behind it.
    }

    [Fact]
    public void I6_completions_at_one_instant_go_in_gpu_order_not_schedule_order()
    {
        // X: GPU 1 then GPU 2. Y: GPU 0 then GPU 2. Both first stages end at 0.5; X was scheduled first.
        var placement = new PlacementSpec(
        [
            new ReplicaSpec("X", "M", "two", [SubMesh.Single(0, 1), SubMesh.Single(0, 2)]),
            new ReplicaSpec("Y", "M", "two", [SubMesh.Single(0, 0), SubMesh.Single(0, 2)]),
        ]);
        var r = Run(placement, [0, 1], [0.0, 0.0]);
        Assert.Equal(0.5, Stage(r, 1, 1).StartS);                // Y's stage ended on GPU 0: handled first.
        Assert.Equal(1.0 + 0.125, Stage(r, 0, 1).StartS);        // X's waits for GPU 2, plus the overhead.
    }

    [Fact]
    public void I7_requests_go_to_the_earliest_free_first_stage_mesh_ties_to_file_order()
    {
        var placement = new PlacementSpec(
        [
            new ReplicaSpec("S", "M", "one", [SubMesh.Single(0, 0)]),
            new ReplicaSpec("S", "M", "one", [SubMesh.Single(0, 1)]),
            new ReplicaSpec("S", "M", "one", [SubMesh.Single(0, 2)]),
        ]);
        // t=0: all idle → replica 0. t=0.25: 0 busy → 1. t=0.375: 0 and 1 busy → 2 (idle).
        // t=0.4: all busy; replica 0 frees first (0.5). t=0.5: replica 0 busy again until 1.25; 1 until 0.75 → 1.
        // t=2: all idle again → tie → replica 0.
        var r = Run(placement, [0, 0, 0, 0, 0, 0], [0.0, 0.25, 0.375, 0.4, 0.5, 2.0]);
        int[] expected = [0, 1, 2, 0, 1, 0];
        for (int i = 0; i < expected.Length; i++) Assert.Equal(expected[i], Stage(r, i, 0).Replica);
    }

    [Fact]
    public void I7_an_idle_mesh_counts_as_zero_not_as_its_last_finish()
    {
        // Replica 0 finished at 0.5, replica 1 never ran: at t = 1 both are idle (0) and the tie goes to replica 0.
        var placement = new PlacementSpec(
        [
            new ReplicaSpec("S", "M", "one", [SubMesh.Single(0, 0)]),
            new ReplicaSpec("S", "M", "one", [SubMesh.Single(0, 1)]),
        ]);
        var r = Run(placement, [0, 0], [0.0, 1.0]);
        Assert.Equal(0, Stage(r, 1, 0).Replica);
    }
}
