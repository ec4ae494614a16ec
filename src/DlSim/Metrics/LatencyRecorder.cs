namespace DlSim.Metrics;

/// <summary>Latency distributions per model, fed as requests complete; memory bounded by an <see cref="ExactValueBudget"/>.</summary>
public sealed class LatencyRecorder
{
    private readonly LatencyDistribution[] _byModel;
    private readonly double[] _sloS;

    /// <param name="slosS">SLO of each model in seconds (its length is the model count).</param>
    public LatencyRecorder(IReadOnlyList<double> slosS, ExactValueBudget budget)
    {
        _sloS = [.. slosS];
        _byModel = new LatencyDistribution[_sloS.Length];
        for (int m = 0; m < _byModel.Length; m++) _byModel[m] = new LatencyDistribution(budget);
    }

    public long Completed { get; private set; }

    public void Record(int model, double latencyS)
    {
        _byModel[model].Add(latencyS, latencyS <= _sloS[model]);
        Completed++;
    }

    /// <summary>Overall and per-model summaries.</summary>
    public (LatencySummary Overall, LatencySummary[] PerModel) Summarize()
    {
        var perModel = new LatencySummary[_byModel.Length];
        for (int m = 0; m < perModel.Length; m++) perModel[m] = _byModel[m].Summarize();
        return (LatencyDistribution.Summarize(_byModel), perModel);
    }
}
