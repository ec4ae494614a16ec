using DlSim.Cluster;
using DlSim.Formats.Profiles;
using DlSim.Formats.SeedPlacement;
using DlSim.Formats.SeedWorkload;
using DlSim.Model;
using DlSim.Placement;
using DlSim.Runs;
using DlSim.Workloads;

namespace DlSim.Tests.Parity;

/// <summary>One row of the reference README's figures table: inputs and the original tool's results.</summary>
public sealed record ParityCase(string Workload, string Placement, string? Trace,
    int Requests, double Mean, double P50, double P99, double Model0Mean, double Model0P99, double Model1Mean, double Model1P99,
    double? MeanAbsError = null, double? MaxAbsError = null, int? EventsOver10Ms = null)
{
    public override string ToString() => $"{Workload} / {Placement}";

    public const string W6 = "test_workload_8to2_6.667Hz_20s";
    public const string W30 = "test_workload_8to2_30Hz_60s";
    public const string W50 = "test_workload_8to2_50Hz_60s";
    public const string W10 = "test_workload_8to2_10Hz_20s";

    public static readonly ParityCase[] All =
    [
        new(W6, "placement_baseline", W6 + "_baseline_trace", 143, 0.374375664, 0.287169901, 1.148702616, 0.420217988, 1.175149657, 0.168085207, 0.322500406, 0.001711, 0.0057149, 0),
        new(W6, "placement_interop", W6 + "_interop_trace", 143, 0.173100486, 0.1464, 0.287169959, 0.172025003, 0.289731632, 0.177940162, 0.273756878, 0.0009313, 0.0079524, 0),
        new(W6, "placement_intraop", W6 + "_intraop_trace", 143, 0.188349886, 0.16174036, 0.428695939, 0.186995983, 0.431912078, 0.194442452, 0.387966867, 0.0009463, 0.0084382, 0),
        new(W30, "placement_125M_interop", W30 + "_interop_trace", 1799, 0.023802485, 0.02, 0.048109392, 0.023739665, 0.047325327, 0.02404929, 0.051446326, 0.0006757, 0.0167036, 8),
        new(W30, "placement_125M_intraop", W30 + "_intraop_trace", 1799, 0.023701027, 0.0139, 0.081791688, 0.023705782, 0.081477508, 0.023682348, 0.081190741, 0.0007733, 0.0082319, 0),
        new(W50, "placement_125M_interop", null, 2976, 0.031436884, 0.026278103, 0.087258952, 0.031324913, 0.086487982, 0.031867627, 0.089982883),
        new(W50, "placement_125M_intraop", null, 2976, 0.083508842, 0.062724647, 0.311724244, 0.083476216, 0.311768803, 0.08363435, 0.311459525),
        new(W10, "placement_125M_strong_baseline", null, 218, 0.019043684, 0.01893, 0.02404427, 0.019072432, 0.025508096, 0.01893, 0.01893),
        new(W50, "placement_125M_strong_baseline", null, 2976, 0.024412499, 0.01893, 0.063647141, 0.024327781, 0.063329582, 0.024738401, 0.067379535),
    ];

    public static readonly ClusterSpec Cluster = new(1, 2, 16);

    public Workload LoadWorkload() => SeedWorkloadCsv.Read(ReferenceData.Workload(Workload));

    public Deployment Deploy(Workload workload)
    {
        var placement = SeedPlacementJson.Read(ReferenceData.Placement(Placement));
        return Deployment.Resolve(Cluster, BuiltInProfiles.Catalog, placement, ServiceMap.Default(placement), workload.Header.ModelCount);
    }

    public SimulationResult Simulate(SimulationOptions? options = null)
    {
        var workload = LoadWorkload();
        return Simulation.Run(Deploy(workload), workload, options);
    }
}
