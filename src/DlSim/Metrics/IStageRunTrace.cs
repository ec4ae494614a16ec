using DlSim.Serving;

namespace DlSim.Metrics;

/// <summary>Receives every stage run and dropped request as it happens, for a timeline written elsewhere (a Chrome trace, say).</summary>
public interface IStageRunTrace
{
    /// <summary>A stage ran on its GPUs for <paramref name="requests"/> (one request, or a batch).</summary>
    void Record(in StageRun run, ReadOnlySpan<int> requests);

    /// <summary>Admission dropped <paramref name="request"/> of <paramref name="model"/> at <paramref name="atS"/>.</summary>
    void RecordDrop(int request, int model, double atS);
}

/// <summary>A stage-run trace written to a file: kept only when <see cref="Commit"/> is called after the run, removed on dispose otherwise.</summary>
public interface IStageTraceOutput : IStageRunTrace, IDisposable
{
    /// <summary>Finishes the file and puts it in place.</summary>
    void Commit();
}
