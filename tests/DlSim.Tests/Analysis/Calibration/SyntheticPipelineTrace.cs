using DlSim.Analysis;
using DlSim.Analysis.Calibration;
using DlSim.Cluster;
using DlSim.Formats.Profiles;
using DlSim.Model;
using DlSim.Placement;
using DlSim.Workloads;

namespace DlSim.Tests.Analysis.Calibration;

/// <summary>
/// A hand-made trace of one two-stage pipeline (Bert_2.6B_2_device_inter, stage 0 on GPU 0, stage 1 on GPU 1) that hands
/// over blocking, with known figures: stage 0 runs 50 ms, stage 1 (the slower) 80 ms; a queued run starts 2.5 ms after
/// its GPU's previous end (stage 0) and the hand-off comes 3.5 ms after the receiving GPU's previous end (stage 1); idle
/// stages start on receipt. Built by its own recurrence, not by the engine.
/// </summary>
public static class SyntheticPipelineTrace
{
    public const double Run0S = 0.050, Run1S = 0.080, Gap0S = 0.0025, HandoffS = 0.0035;
    public const string Executable = "Bert_2.6B_2_device_inter";

    /// <summary>An idle request, a burst of five, an idle one, a burst of three.</summary>
    public static readonly double[] Arrivals = [0.0, 0.5, 0.501, 0.502, 0.503, 0.504, 2.0, 3.0, 3.001, 3.002];

    public static Deployment Deploy()
    {
        var placement = new PlacementSpec([new ReplicaSpec("svc", "Bert_2.6B", Executable, [SubMesh.Single(0, 0), SubMesh.Single(0, 1)], Line: 1)]);
        return Deployment.Resolve(new ClusterSpec(1, 2, 16), BuiltInProfiles.Catalog, placement, ServiceMap.Default(placement), 1, "pipeline placement");
    }

    public static Workload Workload() =>
        new(new WorkloadHeader(1, 3, [1.0], 4, [1.0], "pipeline"), new int[Arrivals.Length], [.. Arrivals]);

    /// <summary>The trace, and how many first-stage runs were held for the hand-off.</summary>
    public static (RealTrace Trace, int Blocked) Trace()
    {
        int n = Arrivals.Length, blocked = 0;
        var first = new RealStageRun[n];
        var second = new RealStageRun[n];
        double free0 = double.NegativeInfinity, free1 = double.NegativeInfinity;
        for (int j = 0; j < n; j++)
        {
            double start0 = free0 > Arrivals[j] ? free0 + Gap0S : Arrivals[j];
            double ready = free1 + HandoffS;
            double end0 = Math.Max(start0 + Run0S, ready);
            if (ready > start0 + Run0S) blocked++;
            double start1 = end0; // the receiver is ready by construction: it starts on the hand-off
            first[j] = new RealStageRun(start0, end0, SubMesh.Single(0, 0), j + 2);
            second[j] = new RealStageRun(start1, start1 + Run1S, SubMesh.Single(0, 1), j + 2);
            (free0, free1) = (end0, start1 + Run1S);
        }
        var lines = Enumerable.Range(2, n).ToArray();
        var model = new RealModelTrace
        {
            ModelId = 0, Line = 1, RequestIds = [.. Enumerable.Range(0, n)], RequestLines = lines, RequestListLine = 1,
            ArrivalsS = [.. Arrivals], ArrivalLines = lines, E2eLatencyS = new double[n], Stages = [first, second], StagesLine = 1,
        };
        return (new RealTrace("pipeline.json", 1, [model]), blocked);
    }

    public static CalibrationSource Source() => new(Trace().Trace, Workload(), Deploy(), "pipeline placement", "pipeline workload");
}
