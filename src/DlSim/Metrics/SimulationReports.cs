using DlSim.Placement;

namespace DlSim.Metrics;

/// <summary>Turns what a run's observer gathered into its <see cref="SimulationReport"/>.</summary>
public static class SimulationReports
{
    public static SimulationReport Build(Deployment deployment, StandardObserver observer, double spanS, double trimS, int curvePoints = 0)
    {
        var rec = observer.Latencies;
        // Curves first: summaries sort the kept values, which the curves then reuse.
        var curves = curvePoints > 1 ? Enumerable.Range(0, rec.ModelCount).Select(m => rec.QuantileCurveOf(m, curvePoints)).ToArray() : null;
        var (overall, perModel) = rec.Summarize();
        var models = new ModelReport[perModel.Length];
        long arrived = 0, good = 0;
        for (int m = 0; m < models.Length; m++)
        {
            var s = perModel[m];
            long within = WithinSlo(s);
            long modelArrived = s.Requests + rec.DroppedOf(m);
            arrived += modelArrived;
            good += within;
            models[m] = new ModelReport(m, deployment.Services[deployment.ServiceOfModel[m]], s, Rate(s.Requests, spanS))
            {
                Dropped = rec.DroppedOf(m),
                GoodputRps = Rate(within, spanS),
                GoodputFraction = modelArrived > 0 ? (double)within / modelArrived : double.NaN,
                MeanQueueingS = rec.MeanQueueingOf(m),
                MeanExecutionS = rec.MeanExecutionOf(m),
            };
        }
        var replicas = deployment.Replicas
            .Select(r => new ReplicaReport(r.Index, r.Spec.ServiceName, r.Executable.Name, rec.CompletedByReplica(r.Index))).ToArray();
        long completed = overall.Requests;
        return new SimulationReport(arrived, overall, models, observer.Utilization.Report(), spanS, Rate(completed, spanS))
        {
            Dropped = rec.TotalDropped,
            StageRuns = observer.Utilization.Runs,
            GoodputRps = Rate(good, spanS),
            GoodputFraction = arrived > 0 ? (double)good / arrived : double.NaN,
            MeanQueueingS = completed > 0 ? rec.TotalQueueingS / completed : double.NaN,
            MeanExecutionS = completed > 0 ? rec.TotalExecutionS / completed : double.NaN,
            Replicas = replicas,
            TrimS = trimS,
            Timeline = observer.Timeline is { } t ? new UtilizationSeries(t.BinS, t.ByGpu()) : null,
            LatencyCurves = curves,
        };
    }

    /// <summary>Requests within their SLO (attainment is exact: it was computed as a count ÷ requests).</summary>
    public static long WithinSlo(LatencySummary s) => s.Requests == 0 ? 0 : (long)Math.Round(s.SloAttainment * s.Requests);

    private static double Rate(long count, double spanS) => spanS > 0 ? count / spanS : double.NaN;
}
