using DlSim.Serving;

namespace DlSim.Metrics;

/// <summary>
/// Per-model request outcomes, fed as requests finish or are dropped: latency distributions (memory
/// bounded by an <see cref="ExactValueBudget"/>), drops, queueing and execution time, completions per
/// replica. Requests arriving outside the measurement window count for conservation but not in the figures.
/// </summary>
public sealed class LatencyRecorder
{
    private readonly LatencyDistribution[] _byModel;
    private readonly double[] _sloS;
    private readonly long[] _dropped;
    private readonly double[] _executionS;
    private readonly long[] _byReplica;
    private readonly double _fromS, _toS;
    private readonly bool _windowed;

    /// <param name="slosS">SLO of each model in seconds (its length is the model count).</param>
    /// <param name="fromS">Requests arriving before this are left out of the figures (warm-up).</param>
    /// <param name="toS">Requests arriving at or after this are left out of the figures (cool-down).</param>
    public LatencyRecorder(IReadOnlyList<double> slosS, ExactValueBudget budget, int replicas = 0,
        double fromS = double.NegativeInfinity, double toS = double.PositiveInfinity)
    {
        _sloS = [.. slosS];
        int models = _sloS.Length;
        _byModel = new LatencyDistribution[models];
        for (int m = 0; m < models; m++) _byModel[m] = new LatencyDistribution(budget);
        _dropped = new long[models];
        _executionS = new double[models];
        _byReplica = new long[replicas];
        _fromS = fromS;
        _toS = toS;
        _windowed = !double.IsNegativeInfinity(fromS) || !double.IsPositiveInfinity(toS);
    }

    /// <summary>Requests finished or dropped, inside the window or not.</summary>
    public long Finished { get; private set; }

    public void Record(in RequestDone done)
    {
        Finished++;
        if (_windowed && !(done.ArrivalS >= _fromS && done.ArrivalS < _toS)) return;
        double latency = done.LatencyS;
        _byModel[done.Model].Add(latency, latency <= _sloS[done.Model]);
        _executionS[done.Model] += done.ExecutionS;
        if (done.Replica < _byReplica.Length) _byReplica[done.Replica]++;
    }

    public void RecordDrop(int model, double arrivalS)
    {
        Finished++;
        if (arrivalS >= _fromS && arrivalS < _toS) _dropped[model]++;
    }

    public int ModelCount => _byModel.Length;
    public long DroppedOf(int model) => _dropped[model];
    public long CompletedOf(int model) => _byModel[model].Count;
    public double MeanExecutionOf(int model) => _byModel[model].Count > 0 ? _executionS[model] / _byModel[model].Count : double.NaN;
    /// <summary>Queueing is latency less execution, so its mean is the latency mean less the execution mean.</summary>
    public double MeanQueueingOf(int model) => _byModel[model].Count > 0 ? (_byModel[model].Sum - _executionS[model]) / _byModel[model].Count : double.NaN;
    public long CompletedByReplica(int replica) => _byReplica[replica];

    /// <summary>Overall and per-model latency summaries.</summary>
    public (LatencySummary Overall, LatencySummary[] PerModel) Summarize()
    {
        return LatencyDistribution.SummarizeAll(_byModel);
    }

    /// <summary>Hands the kept latencies back to the shared pool; call once the figures are out.</summary>
    public void Release()
    {
        foreach (var d in _byModel) d.Release();
    }

    public double[] QuantileCurveOf(int model, int points) => _byModel[model].QuantileCurve(points);

    public long TotalDropped => _dropped.Sum();
    public double TotalExecutionS => _executionS.Sum();
    public double TotalQueueingS => _byModel.Sum(d => d.Sum) - TotalExecutionS;
}
