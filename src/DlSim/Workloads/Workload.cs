namespace DlSim.Workloads;

/// <summary>What a workload says about itself (the seed CSV's first row).</summary>
/// <param name="ModelCount">Model ids run from 0 to ModelCount − 1.</param>
/// <param name="TotalRateHz">Requests per second over all models, as generated.</param>
/// <param name="Proportions">Share of each model; sums to 1.</param>
/// <param name="DurationS">Length of the generated window in seconds.</param>
/// <param name="SlosS">Latency objective of each model in seconds.</param>
public sealed record WorkloadHeader(int ModelCount, double TotalRateHz, IReadOnlyList<double> Proportions, double DurationS,
    IReadOnlyList<double> SlosS, string Name)
{
    public bool Equals(WorkloadHeader? o) =>
        o is not null && ModelCount == o.ModelCount && TotalRateHz.Equals(o.TotalRateHz) && DurationS.Equals(o.DurationS) &&
        Name == o.Name && Proportions.SequenceEqual(o.Proportions) && SlosS.SequenceEqual(o.SlosS);

    public override int GetHashCode() => HashCode.Combine(ModelCount, TotalRateHz, Name);
}

/// <summary>
/// Requests in arrival order. A request's id is its index. Per-request data lives in two arrays
/// (model id, arrival seconds) so the engine reads it without objects.
/// </summary>
public sealed class Workload
{
    public WorkloadHeader Header { get; }
    public int[] ModelIds { get; }
    public double[] ArrivalsS { get; }
    public int Count => ArrivalsS.Length;

    public Workload(WorkloadHeader header, int[] modelIds, double[] arrivalsS)
    {
        if (modelIds.Length != arrivalsS.Length) throw new ArgumentException("model ids and arrivals differ in length");
        Header = header; ModelIds = modelIds; ArrivalsS = arrivalsS;
    }

    /// <summary>Reads a whole source into memory.</summary>
    public static Workload ReadAll(IRequestSource source)
    {
        var models = new List<int>();
        var arrivals = new List<double>();
        var m = new int[4096];
        var a = new double[4096];
        int n;
        while ((n = source.Read(m, a)) > 0)
        {
            models.AddRange(m.AsSpan(0, n));
            arrivals.AddRange(a.AsSpan(0, n));
        }
        return new Workload(source.Header, [.. models], [.. arrivals]);
    }

    /// <summary>SLO of a model in seconds (+∞ when the header names none).</summary>
    public double SloOf(int model) => model < Header.SlosS.Count ? Header.SlosS[model] : double.PositiveInfinity;
}
