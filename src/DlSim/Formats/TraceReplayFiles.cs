using DlSim.Formats.Azure;
using DlSim.Formats.Files;
using DlSim.Foundation;
using DlSim.Workloads;
using DlSim.Workloads.Replay;

namespace DlSim.Formats;

/// <summary>Replays trace files as a workload: the one switch over <see cref="TraceFormat"/>.</summary>
public static class TraceReplayFiles
{
    /// <param name="paths">azure2019: one file per day, in day order; azure2021: files read as one trace.</param>
    public static IRequestSource Open(TraceFormat format, IReadOnlyList<string> paths, ReplayOptions options)
    {
        options.Validate(format);
        if (paths.Count == 0) throw new InputException("FILES", 0, "expected at least one trace file, found none");
        var missing = paths.Select(p => (Path: p, Kind: FileKinds.Of(p))).Where(p => p.Kind != FileKind.Regular)
            .Select(p => new InputError(p.Path, 0, p.Kind == FileKind.Missing
                ? "expected an existing trace file, found none"
                : $"expected a regular trace file, found {FileKinds.Describe(p.Kind)}")).ToList();
        if (missing.Count > 0) throw new InputException(missing);
        return format switch
        {
            TraceFormat.Azure2019 => Azure2019Replay.Replay(
                paths.Select(p => (Action<MinuteCountsVisitor>)(visit => Azure2019TraceCsv.Read(p, visit))).ToArray(), options),
            TraceFormat.Azure2021 => Azure2021Replay.Replay(
                paths.Select(p => (Action<InvocationVisitor>)(visit => Azure2021TraceCsv.Read(p, visit))).ToArray(), options),
            _ => throw new ArgumentOutOfRangeException(nameof(format), format, null),
        };
    }
}
