using DlSim.Cluster;

namespace DlSim.Analysis;

/// <summary>One real run of one stage of one request: seconds on the trace's clock, and the GPUs it ran on.</summary>
/// <param name="StartS">When the stage started; finite.</param>
/// <param name="EndS">When it ended; finite and ≥ <paramref name="StartS"/>.</param>
/// <param name="Mesh">The GPUs that ran it, as the trace names them (node ids + devices per node).</param>
/// <param name="Line">Line of this entry in the trace file, for error messages.</param>
public readonly record struct RealStageRun(double StartS, double EndS, SubMesh Mesh, int Line);

/// <summary>
/// The requests of one workload model in a real trace. All arrays are aligned: entry j describes request
/// <c>RequestIds[j]</c>, and <c>Stages[s][j]</c> is that request's run of stage s.
/// </summary>
public sealed class RealModelTrace
{
    public required int ModelId { get; init; }
    /// <summary>Line of the model's key in the trace file.</summary>
    public required int Line { get; init; }
    /// <summary>Workload request ids (row index among the workload's requests).</summary>
    public required int[] RequestIds { get; init; }
    /// <summary>Line of each <c>rq_id</c> entry, so a bad id can be pointed at.</summary>
    public required int[] RequestLines { get; init; }
    /// <summary>Line of the <c>rq_id</c> list itself (where a missing request would belong).</summary>
    public required int RequestListLine { get; init; }
    /// <summary>Arrival of each request in seconds, as recorded (the workload's arrival).</summary>
    public required double[] ArrivalsS { get; init; }
    /// <summary>Arrival of each request as the trace file wrote it, one line per entry.</summary>
    public required int[] ArrivalLines { get; init; }
    /// <summary>Latency the client saw, seconds; includes ~10 ms of client overhead, so not comparable with stage times.</summary>
    public required double[] E2eLatencyS { get; init; }
    /// <summary>One array per pipeline stage, each aligned with <see cref="RequestIds"/>.</summary>
    public required RealStageRun[][] Stages { get; init; }
    /// <summary>Line of the <c>stage_exec_info</c> list.</summary>
    public required int StagesLine { get; init; }

    public int Count => RequestIds.Length;
    public int StageCount => Stages.Length;

    /// <summary>Real latency of entry j: end of its last stage − its arrival, seconds.</summary>
    public double LatencyS(int j) => Stages[^1][j].EndS - ArrivalsS[j];
}

/// <summary>A real cluster trace (ground truth for the simulator), as read by <c>Formats.ClusterTraceJson</c>.</summary>
/// <param name="File">The file it was read from, as the user named it (used in error messages).</param>
/// <param name="Line">Line where the trace's top-level object starts.</param>
/// <param name="Models">One entry per model key, in file order.</param>
public sealed record RealTrace(string File, int Line, IReadOnlyList<RealModelTrace> Models)
{
    public int Requests
    {
        get
        {
            int n = 0;
            foreach (var m in Models) n += m.Count;
            return n;
        }
    }
}
