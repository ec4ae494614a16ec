using DlSim.Foundation;

namespace DlSim.Workloads.Operations;

/// <summary>How merged workloads' model ids relate.</summary>
public enum MergeModels
{
    /// <summary>Each workload keeps its own models: workload k's ids follow workload k − 1's; SLOs are concatenated.</summary>
    Offset,

    /// <summary>The workloads address the same models (same count and SLOs): ids stay, traffic adds up.</summary>
    Shared,
}

/// <summary>
/// Several workloads as one ascending stream (a k-way merge; equal arrivals in input order), streaming with
/// one chunk buffer per input. Header: total rate the sum of the inputs' rates, proportions weighted by
/// those rates (equal weights when every rate is 0), duration the longest, name the inputs' names joined
/// by '+'. Cost per request is linear in the number of inputs, meant for a handful.
/// </summary>
public sealed class MergedSource : IRequestSource
{
    private readonly IReadOnlyList<IRequestSource> _sources;
    private readonly RequestCursor[] _cursors;
    private readonly int[] _offsets;

    public WorkloadHeader Header { get; }

    /// <param name="sources">The inputs, in order; disposed with this source.</param>
    /// <param name="names">What to call each input in errors (its file name).</param>
    public MergedSource(IReadOnlyList<IRequestSource> sources, IReadOnlyList<string> names, MergeModels mode = MergeModels.Offset)
    {
        if (sources.Count == 0) throw new ArgumentException("expected at least one workload", nameof(sources));
        _sources = sources;
        _offsets = new int[sources.Count];
        Header = MergeHeaders(sources.Select(s => s.Header).ToArray(), names, mode, _offsets);
        _cursors = sources.Select(s => new RequestCursor(s)).ToArray();
    }

    public int Read(Span<int> modelIds, Span<double> arrivalsS)
    {
        int n = 0;
        while (n < modelIds.Length)
        {
            int best = -1;
            double bestTime = double.PositiveInfinity;
            for (int k = 0; k < _cursors.Length; k++)
                if (_cursors[k].HasCurrent && (best < 0 || _cursors[k].ArrivalS < bestTime))
                {
                    best = k;
                    bestTime = _cursors[k].ArrivalS;
                }
            if (best < 0) break;
            modelIds[n] = _cursors[best].Model + _offsets[best];
            arrivalsS[n] = bestTime;
            n++;
            _cursors[best].Advance();
        }
        return n;
    }

    /// <summary>The merged header; fills each input's model id offset.</summary>
    public static WorkloadHeader MergeHeaders(IReadOnlyList<WorkloadHeader> headers, IReadOnlyList<string> names, MergeModels mode, int[] offsets)
    {
        var first = headers[0];
        double totalRate = headers.Sum(h => h.TotalRateHz);
        bool weighByRate = totalRate > 0;
        double WeightOf(WorkloadHeader h) => weighByRate ? h.TotalRateHz / totalRate : 1.0 / headers.Count;
        var proportions = new List<double>();
        var slos = new List<double>();
        switch (mode)
        {
            case MergeModels.Offset:
                for (int k = 0, models = 0; k < headers.Count; models += headers[k].ModelCount, k++)
                {
                    offsets[k] = models;
                    foreach (double p in headers[k].Proportions) proportions.Add(p * WeightOf(headers[k]));
                    slos.AddRange(headers[k].SlosS);
                }
                break;
            case MergeModels.Shared:
                var errors = new List<InputError>();
                for (int k = 1; k < headers.Count; k++)
                    if (headers[k].ModelCount != first.ModelCount || !headers[k].SlosS.SequenceEqual(first.SlosS))
                        errors.Add(new InputError(names[k], 0,
                            $"expected {first.ModelCount} models with SLOs {PythonFloat.FormatList(first.SlosS)} like {names[0]} (shared model ids), " +
                            $"found {headers[k].ModelCount} with {PythonFloat.FormatList(headers[k].SlosS)}"));
                if (errors.Count > 0) throw new InputException(errors);
                proportions.AddRange(new double[first.ModelCount]);
                foreach (var h in headers)
                    for (int m = 0; m < h.Proportions.Count; m++) proportions[m] += h.Proportions[m] * WeightOf(h);
                slos.AddRange(first.SlosS);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(mode), mode, null);
        }
        return new WorkloadHeader(proportions.Count, totalRate, proportions, headers.Max(h => h.DurationS), slos,
            string.Join('+', headers.Select(h => h.Name)));
    }

    public void Dispose()
    {
        foreach (var s in _sources) s.Dispose();
    }
}
