using DlSim.Analysis.Calibration;
using DlSim.Formats.ClusterTrace;
using DlSim.Tests.Parity;

namespace DlSim.Tests.Analysis.Calibration;

/// <summary>
/// The 125M inter-op executable on placement_125M_interop at two loads: the 30 Hz trace (GPUs busy ~30 % of the time) and the
/// 50 Hz one (~50 %, bursts build queues). Fit on one, validate on the other.
/// </summary>
public static class CrossLoadCases
{
    public const string Placement = "placement_125M_interop";
    public const string Trace30 = ParityCase.W30 + "_interop_trace";
    public const string Trace50 = ParityCase.W50 + "_interop_trace";

    public static string[] Triple(string workload, string trace) =>
        ["-t", ReferenceData.Trace(trace), "-w", ReferenceData.Workload(workload), "-p", ReferenceData.Placement(Placement)];

    public static string Target(string workload, string trace) =>
        $"{ReferenceData.Trace(trace)},{ReferenceData.Workload(workload)},{ReferenceData.Placement(Placement)}";

    private static readonly Lazy<CalibrationSource> Lazy30 = new(() => Source(ParityCase.W30, Trace30));
    private static readonly Lazy<CalibrationSource> Lazy50 = new(() => Source(ParityCase.W50, Trace50));
    public static CalibrationSource At30 => Lazy30.Value;
    public static CalibrationSource At50 => Lazy50.Value;

    private static CalibrationSource Source(string workloadName, string trace)
    {
        var c = new ParityCase(workloadName, Placement, trace, 0, 0, 0, 0, 0, 0, 0, 0);
        var workload = c.LoadWorkload();
        return new CalibrationSource(ClusterTraceJson.Read(ReferenceData.Trace(trace)), workload, c.Deploy(workload),
            ReferenceData.Placement(Placement), ReferenceData.Workload(workloadName));
    }
}
