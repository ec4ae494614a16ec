using DlSim.Workloads.Arrivals;

namespace DlSim.Workloads.Traffic;

/// <summary>
/// Streams a <see cref="GeneratedWorkloadSpec"/>: requests are drawn as they are read, in constant memory
/// (O(models)), so a workload of any length can be written or simulated without being held. Poisson uses
/// the seed's single split stream (its files stay byte-identical); every other process is a merge of
/// independent per-model streams. Same spec and seed → the same requests.
/// </summary>
public sealed class GeneratedRequestSource : IRequestSource
{
    private readonly PoissonSplitStream? _split;
    private readonly MergedArrivalStreams? _merged;

    /// <summary>Validates the spec (problems as <see cref="DlSim.Foundation.InputException"/>).</summary>
    public GeneratedRequestSource(GeneratedWorkloadSpec spec) : this(spec, forFile: false) { }

    /// <param name="forFile">Give the stream <see cref="GeneratedWorkloadSpec.FileHeader"/>, the header a file needs
    /// (a positive duration even when only a request count limits it), rather than <see cref="GeneratedWorkloadSpec.Header"/>.</param>
    public GeneratedRequestSource(GeneratedWorkloadSpec spec, bool forFile)
    {
        spec.Validate();
        Header = forFile ? spec.FileHeader() : spec.Header();
        var schedule = spec.TotalRate();
        if (spec.Process.Kind == ArrivalProcessKind.Poisson) _split = new PoissonSplitStream(spec, schedule);
        else _merged = new MergedArrivalStreams(spec, schedule);
    }

    public WorkloadHeader Header { get; }

    public int Read(Span<int> modelIds, Span<double> arrivalsS) =>
        _split is not null ? _split.Read(modelIds, arrivalsS) : _merged!.Read(modelIds, arrivalsS);

    public void Dispose() { }
}
