namespace DlSim.Workloads;

/// <summary>
/// Requests in arrival order, read in chunks so that a workload of any size streams through the
/// engine in constant memory. A request's id is its position in the stream, from 0.
/// </summary>
public interface IRequestSource : IDisposable
{
    /// <summary>Model count, SLOs and the other figures of the workload.</summary>
    WorkloadHeader Header { get; }

    /// <summary>Fills the spans (of equal length) with the next requests; returns how many (0 at the end).
    /// Arrivals are finite, ≥ 0 and ascending across calls; model ids are below <see cref="WorkloadHeader.ModelCount"/>.</summary>
    int Read(Span<int> modelIds, Span<double> arrivalsS);
}

/// <summary>Reads an in-memory <see cref="Workload"/> as a stream.</summary>
public sealed class WorkloadSource(Workload workload) : IRequestSource
{
    private int _next;

    public WorkloadHeader Header => workload.Header;

    public int Read(Span<int> modelIds, Span<double> arrivalsS)
    {
        int n = Math.Min(modelIds.Length, workload.Count - _next);
        workload.ModelIds.AsSpan(_next, n).CopyTo(modelIds);
        workload.ArrivalsS.AsSpan(_next, n).CopyTo(arrivalsS);
        _next += n;
        return n;
    }

    public void Dispose() { }
}

/// <summary>No requests: the open-loop part of a purely closed-loop run.</summary>
public sealed class EmptyRequestSource(WorkloadHeader header) : IRequestSource
{
    public WorkloadHeader Header => header;
    public int Read(Span<int> modelIds, Span<double> arrivalsS) => 0;
    public void Dispose() { }
}
