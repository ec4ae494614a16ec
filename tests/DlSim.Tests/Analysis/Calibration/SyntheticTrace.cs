using DlSim.Analysis;
using DlSim.Analysis.Calibration;
using DlSim.Cluster;
using DlSim.Formats.Profiles;
using DlSim.Model;
using DlSim.Placement;
using DlSim.Workloads;

namespace DlSim.Tests.Analysis.Calibration;

/// <summary>
/// A hand-made trace of one single-stage replica (Bert_2.6B_1_device on GPU 0) whose figures are known exactly:
/// idle runs start 1 ms after arrival and take 100 ms; a run received while the GPU is busy starts 3 ms after the
/// previous end and takes 102 ms; one idle run straggles at 300 ms.
/// </summary>
public static class SyntheticTrace
{
    public const double IdleDelayS = 0.001, BusyGapS = 0.003, IdleRunS = 0.100, BusyRunS = 0.102, StragglerRunS = 0.300;
    public const string Executable = "Bert_2.6B_1_device";

    /// <summary>(arrival, queued behind the previous request?, run time) of each request.</summary>
    private static readonly (double Arrival, double Run)[] Requests =
        [(0.0, IdleRunS), (0.010, BusyRunS), (1.0, IdleRunS), (1.05, BusyRunS), (2.0, StragglerRunS), (2.1, BusyRunS)];

    public static CalibrationSource Source()
    {
        var placement = new PlacementSpec([new ReplicaSpec("svc", "Bert_2.6B", Executable, [SubMesh.Single(0, 0)], Line: 1)]);
        var deployment = Deployment.Resolve(new ClusterSpec(1, 2, 16), BuiltInProfiles.Catalog, placement, ServiceMap.Default(placement), 1, "synthetic placement");
        var arrivals = Requests.Select(r => r.Arrival).ToArray();
        var workload = new Workload(new WorkloadHeader(1, 3, [1.0], 3, [0.25], "synthetic"), new int[arrivals.Length], arrivals);
        var runs = new RealStageRun[arrivals.Length];
        double previousEnd = double.NegativeInfinity;
        for (int j = 0; j < runs.Length; j++)
        {
            double start = previousEnd > arrivals[j] ? previousEnd + BusyGapS : arrivals[j] + IdleDelayS;
            runs[j] = new RealStageRun(start, start + Requests[j].Run, SubMesh.Single(0, 0), j + 2);
            previousEnd = runs[j].EndS;
        }
        var lines = Enumerable.Range(2, runs.Length).ToArray();
        var model = new RealModelTrace
        {
            ModelId = 0, Line = 1, RequestIds = [.. Enumerable.Range(0, runs.Length)], RequestLines = lines, RequestListLine = 1,
            ArrivalsS = arrivals, ArrivalLines = lines, E2eLatencyS = new double[runs.Length], Stages = [runs], StagesLine = 1,
        };
        return new CalibrationSource(new RealTrace("synthetic.json", 1, [model]), workload, deployment, "synthetic placement", "synthetic workload");
    }
}
