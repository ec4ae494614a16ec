using DlSim.Workloads;

namespace DlSim.Metrics;

/// <summary>Keeps one latency (a double) per request, the least that exact percentiles need.</summary>
public sealed class LatencyRecorder
{
    private readonly double[] _latencyS;
    private long _completed;

    public LatencyRecorder(int requests) => _latencyS = new double[requests];

    public long Completed => _completed;

    public void Record(int request, double latencyS)
    {
        _latencyS[request] = latencyS;
        _completed++;
    }

    public double LatencyOf(int request) => _latencyS[request];

    /// <summary>Overall and per-model summaries; a model's SLO comes from the workload header.</summary>
    public (LatencySummary Overall, LatencySummary[] PerModel) Summarize(Workload workload)
    {
        int models = workload.Header.ModelCount;
        var counts = new int[models];
        foreach (int m in workload.ModelIds) counts[m]++;
        var perModel = new double[models][];
        for (int m = 0; m < models; m++) perModel[m] = new double[counts[m]];
        var fill = new int[models];
        var withinSlo = new long[models];
        for (int i = 0; i < workload.Count; i++)
        {
            int m = workload.ModelIds[i];
            double latency = _latencyS[i];
            perModel[m][fill[m]++] = latency;
            if (latency <= workload.SloOf(m)) withinSlo[m]++;
        }
        var all = (double[])_latencyS.Clone();
        var overall = LatencySummary.Of(all, withinSlo.Sum());
        var summaries = new LatencySummary[models];
        for (int m = 0; m < models; m++) summaries[m] = LatencySummary.Of(perModel[m], withinSlo[m]);
        return (overall, summaries);
    }
}
