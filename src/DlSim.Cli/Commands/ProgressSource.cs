using DlSim.Workloads;

namespace DlSim.Cli.Commands;

/// <summary>Passes a source through, reporting on stderr every <see cref="Interval"/> requests, so long writes show progress.</summary>
public sealed class ProgressSource(IRequestSource source, Action<long, long> progress) : IRequestSource
{
    public const long Interval = 1L << 22;

    private long _count;
    private long _nextReport = Interval;

    public WorkloadHeader Header => source.Header;

    public int Read(Span<int> modelIds, Span<double> arrivalsS)
    {
        int n = source.Read(modelIds, arrivalsS);
        _count += n;
        if (_count >= _nextReport)
        {
            progress(_count, 0);
            _nextReport = (_count / Interval + 1) * Interval;
        }
        return n;
    }

    public void Dispose() => source.Dispose();
}
