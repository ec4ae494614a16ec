namespace DlSim.Workloads.Operations;

/// <summary>Passes a source through unchanged, counting what went by (for a command's summary line).</summary>
public sealed class TallySource(IRequestSource source) : IRequestSource
{
    public WorkloadHeader Header => source.Header;

    /// <summary>Requests read so far.</summary>
    public long Requests { get; private set; }

    /// <summary>Arrival of the first and of the last request read (NaN before any).</summary>
    public double FirstArrivalS { get; private set; } = double.NaN;
    public double LastArrivalS { get; private set; } = double.NaN;

    public int Read(Span<int> modelIds, Span<double> arrivalsS)
    {
        int n = source.Read(modelIds, arrivalsS);
        if (n == 0) return 0;
        if (Requests == 0) FirstArrivalS = arrivalsS[0];
        LastArrivalS = arrivalsS[n - 1];
        Requests += n;
        return n;
    }

    public void Dispose() => source.Dispose();
}
