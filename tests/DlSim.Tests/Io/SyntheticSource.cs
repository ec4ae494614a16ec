using DlSim.Workloads;

namespace DlSim.Tests.Io;

/// <summary>A workload of any size made on the fly: request i of model i mod models at i × gap seconds. Holds no requests.</summary>
public sealed class SyntheticSource(long count, int models = 3, double gapS = 0.001) : IRequestSource
{
    private long _next;

    public WorkloadHeader Header { get; } = new(models, 1 / gapS, Enumerable.Repeat(1.0 / models, models).ToArray(), count * gapS,
        Enumerable.Range(1, models).Select(m => 0.1 * m).ToArray(), "synthetic");

    public int Read(Span<int> modelIds, Span<double> arrivalsS)
    {
        int n = (int)Math.Min(modelIds.Length, count - _next);
        for (int i = 0; i < n; i++, _next++)
        {
            modelIds[i] = (int)(_next % models);
            arrivalsS[i] = _next * gapS;
        }
        return n;
    }

    public void Dispose() { }
}
