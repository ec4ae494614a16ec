using System.Text.Json;

namespace DlSim.Metrics;

/// <summary>What a figure measures, so tables can show seconds as ms and percentages as %.</summary>
public enum MetricUnit { Seconds, Fraction, PerSecond, Count }

/// <summary>One figure of one run. <see cref="Name"/> is dotted snake_case without unit suffix (e.g. <c>all.p99</c>).</summary>
public readonly record struct Metric(string Name, MetricUnit Unit, double Value);

/// <summary>A figure over replications: the mean and the band holding the middle 95 % of replications.</summary>
/// <param name="Low">2.5th percentile across replications (numpy's linear interpolation).</param>
/// <param name="High">97.5th percentile across replications.</param>
public sealed record MetricBand(string Name, MetricUnit Unit, double Mean, double Low, double High)
{
    /// <summary>True when <paramref name="value"/> lies within [Low, High].</summary>
    public bool Contains(double value) => value >= Low && value <= High;

    /// <summary>Name with the JSON unit suffix: <c>_s</c> for seconds, <c>_rps</c> per second, none otherwise.</summary>
    public string JsonName => Unit switch { MetricUnit.Seconds => Name + "_s", MetricUnit.PerSecond => Name + "_rps", _ => Name };
}

/// <summary>
/// Bands over replications. The band is a prediction band (where 95 % of runs fall: the 2.5th to 97.5th percentile of
/// the replications' values), not a confidence interval of the mean: it answers "could a real run show this figure?".
/// </summary>
public static class MetricBands
{
    public const double LowPercentile = 2.5;
    public const double HighPercentile = 97.5;

    /// <param name="replications">Each replication's figures, all with the same names in the same order.</param>
    public static IReadOnlyList<MetricBand> Of(IReadOnlyList<IReadOnlyList<Metric>> replications)
    {
        ArgumentOutOfRangeException.ThrowIfZero(replications.Count);
        var first = replications[0];
        var bands = new MetricBand[first.Count];
        var values = new double[replications.Count];
        for (int i = 0; i < first.Count; i++)
        {
            for (int r = 0; r < values.Length; r++)
            {
                var m = replications[r][i];
                if (m.Name != first[i].Name) throw new ArgumentException($"replication {r} has {m.Name} where replication 0 has {first[i].Name}");
                values[r] = m.Value;
            }
            bands[i] = Band(first[i].Name, first[i].Unit, values);
        }
        return bands;
    }

    /// <summary>Mean and band of one figure; NaN values (undefined figures) are left out, all-NaN gives NaN.</summary>
    public static MetricBand Band(string name, MetricUnit unit, IReadOnlyList<double> values)
    {
        var defined = values.Where(double.IsFinite).ToArray();
        Array.Sort(defined);
        double mean = defined.Length == 0 ? double.NaN : defined.Average();
        return new MetricBand(name, unit, mean, Percentiles.OfSorted(defined, LowPercentile), Percentiles.OfSorted(defined, HighPercentile));
    }
}

/// <summary>The figures of a <see cref="SimulationReport"/> as a flat list, for bands over replications.</summary>
public static class ReportMetrics
{
    public static IReadOnlyList<Metric> Of(SimulationReport report)
    {
        var list = new List<Metric>();
        foreach (var m in report.Models)
            Add(list, $"model{m.ModelId}", m.Latency, m.ThroughputRps, m.Dropped, m.GoodputRps, m.Attainment, m.MeanQueueingS, m.MeanExecutionS);
        Add(list, "all", report.Overall, report.ThroughputRps, report.Dropped, report.GoodputRps, report.Attainment, report.MeanQueueingS, report.MeanExecutionS);
        foreach (var g in report.Gpus) list.Add(new($"node{g.Node}.gpu{g.Gpu}.utilization", MetricUnit.Fraction, g.Utilization));
        list.Add(new("span", MetricUnit.Seconds, report.SpanS));
        return list;
    }

    private static void Add(List<Metric> list, string prefix, LatencySummary s, double throughput, long dropped, double goodput,
        double attainment, double queueing, double execution)
    {
        list.Add(new($"{prefix}.mean", MetricUnit.Seconds, s.MeanS));
        list.Add(new($"{prefix}.p50", MetricUnit.Seconds, s.P50S));
        list.Add(new($"{prefix}.p90", MetricUnit.Seconds, s.P90S));
        list.Add(new($"{prefix}.p99", MetricUnit.Seconds, s.P99S));
        list.Add(new($"{prefix}.max", MetricUnit.Seconds, s.MaxS));
        list.Add(new($"{prefix}.completed_within_slo", MetricUnit.Fraction, s.CompletedWithinSlo));
        list.Add(new($"{prefix}.throughput", MetricUnit.PerSecond, throughput));
        list.Add(new($"{prefix}.goodput", MetricUnit.PerSecond, goodput));
        list.Add(new($"{prefix}.attainment", MetricUnit.Fraction, attainment));
        list.Add(new($"{prefix}.dropped", MetricUnit.Count, dropped));
        list.Add(new($"{prefix}.queueing", MetricUnit.Seconds, queueing));
        list.Add(new($"{prefix}.execution", MetricUnit.Seconds, execution));
    }
}
