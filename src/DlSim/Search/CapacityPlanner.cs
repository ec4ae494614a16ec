using DlSim.Cluster;
using DlSim.Workloads;

namespace DlSim.Search;

/// <summary>One point of a capacity curve: a GPU count or a rate scale, and the best placement found there.</summary>
public sealed record CapacityPoint(int Gpus, double RateScale, PlacementResult Result)
{
    public double Attainment => Result.Report.Attainment;
}

/// <summary>A capacity question's answer: every point measured (in order of the question's axis) and the one that answers it (null: none).</summary>
public sealed record CapacityCurve(IReadOnlyList<CapacityPoint> Points, CapacityPoint? Answer, double Target);

/// <summary>
/// Capacity planning by placement search: the fewest GPUs on which a placement reaches a target attainment, or the largest
/// rate scale of the workload a cluster serves at the target. Each point is a full placement search, so the curve is only as
/// monotone as the searches are good: the answer is the smallest passing GPU count (largest passing scale) measured, with
/// the failing point next to it measured too.
/// </summary>
public static class CapacityPlanner
{
    /// <summary>Rate-scale bisection stops when the bracket is narrower than this fraction of its lower end.</summary>
    public const double RateTolerance = 0.01;
    public const double MaxRateScale = 1 << 20;

    /// <param name="makeProblem">The problem on a cluster of the given GPU count (nodes of the cluster's width, the last possibly partly used).</param>
    /// <param name="stepGpus">GPU counts tried are multiples of this (a node's GPUs for whole nodes, else 1).</param>
    public static CapacityCurve FewestGpus(Func<int, PlacementProblem> makeProblem, int stepGpus, int maxGpus, double target,
        PlacementAlgorithm algorithm, SearchSettings settings, Action<CapacityPoint>? measured = null)
    {
        var points = new SortedDictionary<int, CapacityPoint>();
        CapacityPoint Measure(int gpus)
        {
            if (points.TryGetValue(gpus, out var known)) return known;
            var problem = makeProblem(gpus);
            var point = new CapacityPoint(gpus, 1, PlacementResult.Build(problem, algorithm, PlacementSearch.Run(problem, algorithm, settings)));
            points[gpus] = point;
            measured?.Invoke(point);
            return point;
        }
        // Doubling from one step, then bisection between the last failing and the first passing count.
        int low = 0, high = -1;
        for (int k = stepGpus; ; k = Math.Min(2 * k, maxGpus))
        {
            if (Measure(k).Attainment >= target) { high = k; break; }
            low = k;
            if (k == maxGpus) break;
        }
        while (high > 0 && high - low > stepGpus)
        {
            int mid = (low + high) / 2 / stepGpus * stepGpus;
            if (mid <= low) break;
            if (Measure(mid).Attainment >= target) high = mid;
            else low = mid;
        }
        return new CapacityCurve([.. points.Values], high > 0 ? points[high] : null, target);
    }

    /// <summary>The largest rate scale (arrival times ÷ scale) at which the best placement found reaches the target.</summary>
    public static CapacityCurve LargestRate(Func<Workload, PlacementProblem> makeProblem, Workload workload, double target,
        PlacementAlgorithm algorithm, SearchSettings settings, Action<CapacityPoint>? measured = null)
    {
        var points = new SortedDictionary<double, CapacityPoint>();
        CapacityPoint Measure(double scale)
        {
            if (points.TryGetValue(scale, out var known)) return known;
            var problem = makeProblem(Scaled(workload, scale));
            var point = new CapacityPoint(problem.UsableGpus, scale, PlacementResult.Build(problem, algorithm, PlacementSearch.Run(problem, algorithm, settings)));
            points[scale] = point;
            measured?.Invoke(point);
            return point;
        }
        double pass, fail;
        if (Measure(1).Attainment >= target)
        {
            pass = 1;
            fail = 2;
            while (fail <= MaxRateScale && Measure(fail).Attainment >= target) { pass = fail; fail *= 2; }
            if (fail > MaxRateScale) return new CapacityCurve([.. points.Values], points[pass], target);
        }
        else
        {
            fail = 1;
            pass = 0.5;
            while (pass >= 1.0 / MaxRateScale && Measure(pass).Attainment < target) { fail = pass; pass /= 2; }
            if (pass < 1.0 / MaxRateScale) return new CapacityCurve([.. points.Values], null, target);
        }
        while ((fail - pass) / pass > RateTolerance)
        {
            double mid = Math.Round((pass + fail) / 2, 6);
            if (mid <= pass || mid >= fail) break;
            if (Measure(mid).Attainment >= target) pass = mid;
            else fail = mid;
        }
        return new CapacityCurve([.. points.Values], points[pass], target);
    }

    /// <summary>The workload at <paramref name="scale"/> times its rate: every arrival time divided by the scale (burst shapes kept).</summary>
    public static Workload Scaled(Workload workload, double scale)
    {
        if (scale == 1) return workload;
        var arrivals = new double[workload.Count];
        for (int i = 0; i < arrivals.Length; i++) arrivals[i] = workload.ArrivalsS[i] / scale;
        var h = workload.Header;
        var header = h with { TotalRateHz = h.TotalRateHz * scale, DurationS = h.DurationS / scale, Name = $"{h.Name}×{scale:R}" };
        return new Workload(header, workload.ModelIds, arrivals);
    }
}
