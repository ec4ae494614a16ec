using DlSim.Io;
using DlSim.Serving;

namespace DlSim.Metrics;

/// <summary>Writes one Chrome trace slice per request × stage × GPU as stages are scheduled (pid = node, tid = GPU).</summary>
public sealed class StageTraceRecorder
{
    private readonly ServingLayout _layout;
    private readonly ChromeTraceWriter _writer;
    private readonly char[] _name = new char[32];

    public StageTraceRecorder(ServingLayout layout, ChromeTraceWriter writer)
    {
        _layout = layout;
        _writer = writer;
        var cluster = layout.Deployment.Cluster;
        for (int node = 0; node < cluster.Nodes; node++)
        {
            writer.ProcessName(node, $"node {node}");
            for (int gpu = 0; gpu < cluster.GpusPerNode; gpu++) writer.ThreadName(node, gpu, $"GPU {gpu}");
        }
    }

    public void Record(in StageRun run)
    {
        var span = _name.AsSpan();
        span[0] = 'r';
        run.Request.TryFormat(span[1..], out int a);
        span[1 + a] = '.';
        span[2 + a] = 's';
        run.Stage.TryFormat(span[(3 + a)..], out int b);
        var name = span[..(3 + a + b)];
        var cluster = _layout.Deployment.Cluster;
        foreach (int gpu in _layout.GpusOf(run.Slot))
        {
            var (node, index) = cluster.GpuAt(gpu);
            _writer.Complete(name, node, index, run.StartS, run.EndS, run.Request, run.Replica);
        }
    }
}
