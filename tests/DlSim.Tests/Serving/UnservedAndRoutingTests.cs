using System.Text.Json;
using Xunit;
using DlSim.Cluster;
using DlSim.Model;
using DlSim.Placement;
using DlSim.Serving;
using DlSim.Tests.Cli;
using DlSim.Workloads;
using static DlSim.Tests.Serving.PolicyHarness;

namespace DlSim.Tests.Serving;

/// <summary>What placement search needs of a run: unserved models, attainment over every request, and a router that sees shared GPUs.</summary>
public class UnservedAndRoutingTests
{
    [Fact]
    public void A_model_without_a_replica_runs_and_its_requests_are_unserved_misses()
    {
        using var dir = new TempDir();
        string workload = dir.Write("three_models.csv",
            "3,6.667,\"[0.4, 0.4, 0.2]\",20,\"[0.25, 0.25, 0.25]\",three\r\n0,0.0\r\n2,0.1\r\n1,0.2\r\n2,0.3\r\n");
        string json = dir.File("r.json");
        var (code, stdout, stderr) = CliRunner.Run("simulate", "-w", workload,
            "-p", Path.Combine(ReferenceData.Root, "placements", "placement_interop.json"), "--json", json);
        Assert.True(code == 0, stderr);
        Assert.Contains("unserved: model 2 has no replica in the placement; its 2 requests count as misses", stdout);
        using var doc = JsonDocument.Parse(File.ReadAllText(json));
        var overall = doc.RootElement.GetProperty("overall");
        Assert.Equal(2, overall.GetProperty("unserved").GetInt64());
        Assert.Equal(0, overall.GetProperty("dropped").GetInt64());
        Assert.Equal(4, doc.RootElement.GetProperty("requests").GetInt64());
        // Both served requests meet their SLO on idle GPUs: all completed ones attain, half of all requests do.
        Assert.Equal(1.0, overall.GetProperty("completed_within_slo").GetDouble());
        Assert.Equal(0.5, overall.GetProperty("attainment").GetDouble());
        var model2 = doc.RootElement.GetProperty("models")[2];
        Assert.Equal("-", model2.GetProperty("service").GetString());
        Assert.Equal(2, model2.GetProperty("unserved").GetInt64());
        Assert.Equal(0.0, model2.GetProperty("attainment").GetDouble());
    }

    [Fact]
    public void Attainment_counts_dropped_requests_as_misses_where_completed_within_slo_does_not()
    {
        var w = Poisson(300, 20_000, sloS: 0.03, seed: 4);
        var report = Simulate(Deploy(1), w, new ServingPolicy { Admission = AdmissionPolicy.Slo });
        Assert.True(report.Dropped > 0);
        Assert.Equal(1.0, report.Overall.CompletedWithinSlo);
        Assert.Equal((double)report.Overall.Requests / report.Requests, report.Attainment, 1e-12);
        Assert.True(report.Attainment < 0.7);
    }

    /// <summary>
    /// Service A has two 2-stage replicas: A0 on GPUs 0→1 and A1 on GPUs 2→3. Service B keeps GPU 1 busy for 1 s, and one
    /// B request holds GPU 2 for 10 ms. A request for A at 1 ms: its first stage starts sooner on A0 (GPU 0 idle), so the
    /// seed's earliest-free router picks A0, where its second stage waits behind B until 1 s (ends at 1.004 s); earliest-finish sees that and
    /// picks A1 (ends at 20 ms).
    /// </summary>
    [Theory]
    [InlineData(RoutingPolicy.EarliestFree, 0, 1.004)]
    [InlineData(RoutingPolicy.EarliestFinish, 1, 0.020)]
    public void Earliest_finish_routing_sees_work_of_other_models_on_later_stages(RoutingPolicy routing, int replica, double endS)
    {
        var catalog = new DlSim.Model.ModelCatalog(
        [
            new DlSim.Model.Executable("M", "A_2stage", [new DlSim.Model.StageSpec(new MeshShape(1, 1), 0.006), new DlSim.Model.StageSpec(new MeshShape(1, 1), 0.004)]),
            new DlSim.Model.Executable("N", "B_long", [new DlSim.Model.StageSpec(new MeshShape(1, 1), 1.0)]),
            new DlSim.Model.Executable("N", "B_short", [new DlSim.Model.StageSpec(new MeshShape(1, 1), 0.010)]),
        ]);
        var placement = new PlacementSpec(
        [
            new ReplicaSpec("A", "M", "A_2stage", [SubMesh.Single(0, 0), SubMesh.Single(0, 1)]),
            new ReplicaSpec("A", "M", "A_2stage", [SubMesh.Single(0, 2), SubMesh.Single(0, 3)]),
            new ReplicaSpec("B", "N", "B_long", [SubMesh.Single(0, 1)]),
            new ReplicaSpec("C", "N", "B_short", [SubMesh.Single(0, 2)]),
        ]);
        var map = new ServiceMap(new Dictionary<int, string> { [0] = "A", [1] = "B", [2] = "C" });
        var d = Deployment.Resolve(new ClusterSpec(1, 4, 16), catalog, placement, map, 3);
        var header = new WorkloadHeader(3, 3, [1 / 3.0, 1 / 3.0, 1 / 3.0], 1, [10, 10, 10], "shared");
        var w = new Workload(header, [1, 2, 0], [0.0, 0.0, 0.001]);
        var record = RecordRun(d, w, new ServingPolicy { Routing = routing });
        var a = record.Done.Single(r => r.Request == 2);
        Assert.Equal(replica, a.Replica);
        Assert.Equal(endS, a.CompletionS, 1e-12);
    }

    private static Invariants.RecordingObserver RecordRun(Deployment d, Workload w, ServingPolicy policy)
    {
        var layout = new ServingLayout(d, DispatchOverhead.None, policy.MaxBatch);
        var record = Invariants.RecordingObserver.Create();
        new ServingEngine(layout, null, policy, w.Header.SlosS).Run(w, ref record);
        return record;
    }
}
