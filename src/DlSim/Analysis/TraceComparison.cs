using DlSim.Metrics;
using DlSim.Workloads;

namespace DlSim.Analysis;

/// <summary>
/// Compares a simulation's stage times with a real trace of the same workload, event by event: for every
/// request and stage, |simulated − real| of the start and of the end (the original tool's "vs real"
/// figures), plus simulated and real latency side by side.
/// </summary>
public static class TraceComparison
{
    /// <summary>An event is "within" when its error is at most this, seconds (the original tool's 10 ms).</summary>
    public const double WithinS = 0.010;

    /// <summary>Worst events listed by default.</summary>
    public const int DefaultWorst = 10;

    /// <param name="simulated">Stage times of a run of <paramref name="workload"/> (<c>RecordStageTimes = true</c>).</param>
    /// <param name="worst">How many of the worst events to list (0: none).</param>
    /// <param name="keepSeries">Keep every request's latencies and every event's error (<see cref="ComparisonReport.Series"/>).</param>
    /// <param name="fromArrivalS">Only requests arriving at or after this time count in the figures (a validation window after
    /// a fitting window); the whole trace must still record the workload.</param>
    /// <exception cref="InputException">The trace does not record this workload (see <see cref="TraceMatching"/>).</exception>
    public static ComparisonReport Compare(Workload workload, StageTimesRecorder simulated, RealTrace real, int worst = DefaultWorst, bool keepSeries = false,
        double fromArrivalS = double.NegativeInfinity)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(worst);
        ArgumentNullException.ThrowIfNull(simulated);
        TraceMatching.Check(workload, simulated, real);

        int maxStages = 0;
        foreach (var model in real.Models) maxStages = Math.Max(maxStages, model.StageCount);
        var starts = new AbsErrors[maxStages];
        var ends = new AbsErrors[maxStages];
        var all = new AbsErrors();
        var included = new bool[workload.Count];
        for (int id = 0; id < included.Length; id++) included[id] = workload.ArrivalsS[id] >= fromArrivalS;
        var simLatencyS = new double[workload.Count];
        var realLatencyS = new double[workload.Count];
        var worstEvents = new WorstEvents(worst);
        var eventRealS = keepSeries ? new List<double>() : null;
        var eventErrorS = keepSeries ? new List<double>() : null;
        foreach (var model in real.Models)
        {
            for (int s = 0; s < model.StageCount; s++)
            {
                var runs = model.Stages[s];
                for (int j = 0; j < runs.Length; j++)
                {
                    int id = model.RequestIds[j];
                    if (workload.ArrivalsS[id] < fromArrivalS) continue;
                    double simStart = simulated.StartOf(id, s), simEnd = simulated.EndOf(id, s);
                    double startError = Math.Abs(simStart - runs[j].StartS);
                    double endError = Math.Abs(simEnd - runs[j].EndS);
                    worstEvents.Offer(new EventError(id, model.ModelId, s, false, simStart, runs[j].StartS));
                    worstEvents.Offer(new EventError(id, model.ModelId, s, true, simEnd, runs[j].EndS));
                    if (eventRealS is not null)
                    {
                        eventRealS.AddRange([runs[j].StartS, runs[j].EndS]);
                        eventErrorS!.AddRange([simStart - runs[j].StartS, simEnd - runs[j].EndS]);
                    }
                    starts[s].Add(startError);
                    ends[s].Add(endError);
                    all.Add(startError);
                    all.Add(endError);
                }
            }
            int last = model.StageCount - 1;
            for (int j = 0; j < model.Count; j++)
            {
                int id = model.RequestIds[j];
                simLatencyS[id] = simulated.EndOf(id, last) - workload.ArrivalsS[id];
                realLatencyS[id] = model.LatencyS(j);
            }
        }

        var stages = new StageErrors[maxStages];
        for (int s = 0; s < maxStages; s++)
            stages[s] = new StageErrors(s, starts[s].Count, starts[s].Mean, starts[s].MaxOrNaN, ends[s].Mean, ends[s].MaxOrNaN);
        var distances = Distances(real, simLatencyS, realLatencyS, included);
        long requests = 0;
        foreach (bool counted in included) if (counted) requests++;
        (simLatencyS, realLatencyS) = (Only(simLatencyS, included), Only(realLatencyS, included));
        var latency = new LatencyComparison(Mean(simLatencyS), Mean(realLatencyS), P99(simLatencyS), P99(realLatencyS));
        return new ComparisonReport(requests, all.Count, all.Mean, all.MaxOrNaN,
            all.Count == 0 ? double.NaN : (double)(all.Count - all.Over) / all.Count, all.Over, stages, latency)
        {
            WorstEvents = worstEvents.Sorted(),
            Distributions = distances,
            Series = keepSeries ? new ComparisonSeries(Only(workload.ArrivalsS, included), simLatencyS, realLatencyS, [.. eventRealS!], [.. eventErrorS!]) : null,
        };
    }

    /// <summary>All requests of the trace, then each model's, simulated against real latency.</summary>
    private static DistributionDistance[] Distances(RealTrace real, double[] simLatencyS, double[] realLatencyS, bool[] included)
    {
        var distances = new List<DistributionDistance>();
        var allSim = new List<double>();
        var allReal = new List<double>();
        foreach (var model in real.Models)
        {
            var sim = new List<double>();
            var rea = new List<double>();
            foreach (int id in model.RequestIds)
            {
                if (!included[id]) continue;
                sim.Add(simLatencyS[id]);
                rea.Add(realLatencyS[id]);
            }
            distances.Add(DistributionDistance.Of(model.ModelId, sim, rea));
            allSim.AddRange(sim);
            allReal.AddRange(rea);
        }
        distances.Insert(0, DistributionDistance.Of(null, allSim, allReal));
        return [.. distances];
    }

    /// <summary>The values of the included requests, in id order (the array itself when every request is included).</summary>
    private static double[] Only(double[] values, bool[] included)
    {
        var kept = new List<double>(values.Length);
        for (int id = 0; id < values.Length; id++) if (included[id]) kept.Add(values[id]);
        return kept.Count == values.Length ? values : [.. kept];
    }

    private static double Mean(double[] values)
    {
        if (values.Length == 0) return double.NaN;
        double sum = 0;
        foreach (double v in values) sum += v;
        return sum / values.Length;
    }

    /// <summary>numpy's default (linear) 99th percentile; sorts a copy so the caller's order stays request order.</summary>
    private static double P99(double[] values)
    {
        var sorted = (double[])values.Clone();
        Array.Sort(sorted);
        return Percentiles.OfSorted(sorted, 99);
    }

    /// <summary>Running count, sum, maximum and count over <see cref="WithinS"/> of absolute errors.</summary>
    private struct AbsErrors
    {
        public long Count;
        public long Over;
        private double _sum;
        private double _max;

        public void Add(double error)
        {
            Count++;
            _sum += error;
            if (error > _max) _max = error;
            if (error > WithinS) Over++;
        }

        public readonly double Mean => Count == 0 ? double.NaN : _sum / Count;
        public readonly double MaxOrNaN => Count == 0 ? double.NaN : _max;
    }

    /// <summary>Keeps the <c>capacity</c> worst events seen, in a heap whose top is the least bad kept.</summary>
    private sealed class WorstEvents(int capacity)
    {
        /// <summary>Worst first: larger |error|, then smaller request, stage, start before end.</summary>
        private static readonly Comparer<EventError> WorstFirst = Comparer<EventError>.Create((a, b) =>
        {
            int c = Math.Abs(b.ErrorS).CompareTo(Math.Abs(a.ErrorS));
            if (c == 0) c = a.Request.CompareTo(b.Request);
            if (c == 0) c = a.Stage.CompareTo(b.Stage);
            return c != 0 ? c : a.IsEnd.CompareTo(b.IsEnd);
        });

        private readonly PriorityQueue<EventError, EventError> _kept =
            new(Comparer<EventError>.Create((a, b) => WorstFirst.Compare(b, a)));

        public void Offer(EventError e)
        {
            if (capacity == 0) return;
            if (_kept.Count < capacity) _kept.Enqueue(e, e);
            else if (WorstFirst.Compare(e, _kept.Peek()) < 0) _kept.DequeueEnqueue(e, e);
        }

        public EventError[] Sorted()
        {
            var list = _kept.UnorderedItems.Select(x => x.Element).ToArray();
            Array.Sort(list, WorstFirst);
            return list;
        }
    }
}
