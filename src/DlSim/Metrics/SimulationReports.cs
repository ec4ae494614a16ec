using DlSim.Model;
using DlSim.Placement;

namespace DlSim.Metrics;

/// <summary>Turns what a run's observer gathered into its <see cref="SimulationReport"/>.</summary>
public static class SimulationReports
{
    /// <summary>The service column of a model that no service serves.</summary>
    public const string NoService = "-";

    public static SimulationReport Build(Deployment deployment, StandardObserver observer, double spanS, double trimS, int curvePoints = 0)
    {
        var rec = observer.Latencies;
        // Curves first: summaries sort the kept values, which the curves then reuse.
        var curves = curvePoints > 1 ? Enumerable.Range(0, rec.ModelCount).Select(m => rec.QuantileCurveOf(m, curvePoints)).ToArray() : null;
        var (overall, perModel) = rec.Summarize();
        var models = new ModelReport[perModel.Length];
        long arrived = 0, good = 0, unserved = 0;
        for (int m = 0; m < models.Length; m++)
        {
            var s = perModel[m];
            long within = WithinSlo(s);
            long modelArrived = s.Requests + rec.DroppedOf(m);
            arrived += modelArrived;
            good += within;
            // A model without a service has its every request refused on arrival: unserved, not dropped by admission.
            int service = m < deployment.ServiceOfModel.Count ? deployment.ServiceOfModel[m] : -1;
            long modelUnserved = service < 0 ? rec.DroppedOf(m) : 0;
            unserved += modelUnserved;
            models[m] = new ModelReport(m, service < 0 ? NoService : deployment.Services[service], s, Rate(s.Requests, spanS))
            {
                Dropped = rec.DroppedOf(m) - modelUnserved,
                Unserved = modelUnserved,
                GoodputRps = Rate(within, spanS),
                Attainment = modelArrived > 0 ? (double)within / modelArrived : double.NaN,
                MeanQueueingS = rec.MeanQueueingOf(m),
                MeanExecutionS = rec.MeanExecutionOf(m),
            };
        }
        var replicas = deployment.Replicas
            .Select(r => new ReplicaReport(r.Index, r.Spec.ServiceName, r.Executable.Name, rec.CompletedByReplica(r.Index))).ToArray();
        long completed = overall.Requests;
        return new SimulationReport(arrived, overall, models, observer.Utilization.Report(), spanS, Rate(completed, spanS))
        {
            Dropped = rec.TotalDropped - unserved,
            Unserved = unserved,
            StageRuns = observer.Utilization.Runs,
            GoodputRps = Rate(good, spanS),
            Attainment = arrived > 0 ? (double)good / arrived : double.NaN,
            MeanQueueingS = completed > 0 ? rec.TotalQueueingS / completed : double.NaN,
            MeanExecutionS = completed > 0 ? rec.TotalExecutionS / completed : double.NaN,
            Replicas = replicas,
            TrimS = trimS,
            Timeline = observer.Timeline is { } t ? new UtilizationSeries(t.BinS, t.ByGpu()) : null,
            QueueTimeline = observer.QueueTimeline is { } q ? new UtilizationSeries(q.BinS, q.ByGpu()) : null,
            LatencyTimeline = observer.LatencyTimeline?.Series(),
            StageWindow = observer.Window?.Window(),
            LatencyCurves = curves,
        };
    }

    /// <summary>Requests within their SLO (attainment is exact: it was computed as a count ÷ requests).</summary>
    public static long WithinSlo(LatencySummary s) => s.Requests == 0 ? 0 : (long)Math.Round(s.CompletedWithinSlo * s.Requests);

    private static double Rate(long count, double spanS) => spanS > 0 ? count / spanS : double.NaN;
}
