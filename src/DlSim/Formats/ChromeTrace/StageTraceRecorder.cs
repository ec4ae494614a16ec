using System.Text;
using DlSim.Metrics;
using DlSim.Serving;

namespace DlSim.Formats.ChromeTrace;

/// <summary>
/// Writes one Chrome trace slice per stage run × GPU as stages are scheduled (pid = node, tid = GPU):
/// <c>r{request}.s{stage}</c> for one request, <c>r{a},{b},….s{stage}</c> for a batch (its requests also in
/// the args). Dropped requests are instant events on an "admission" process, one thread per model.
/// </summary>
public sealed class StageTraceRecorder : IStageTraceOutput
{
    private readonly ServingLayout _layout;
    private readonly ChromeTraceWriter _writer;
    private readonly StringBuilder _name = new();
    private char[] _buffer = new char[64];
    private readonly int _admissionPid;
    private readonly HashSet<int> _namedModels = [];

    /// <summary>For <c>SimulationOptions.StageTrace</c>: a Chrome trace of every stage run, streamed to <paramref name="path"/>.</summary>
    public static Func<ServingLayout, IStageTraceOutput> To(string path) => layout => new StageTraceRecorder(layout, new ChromeTraceWriter(path));

    public void Commit() => _writer.Commit();

    public void Dispose() => _writer.Dispose();

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
        _admissionPid = cluster.Nodes;
    }

    public void Record(in StageRun run, ReadOnlySpan<int> requests)
    {
        _name.Clear().Append('r');
        for (int i = 0; i < requests.Length; i++)
        {
            if (i > 0) _name.Append(',');
            _name.Append(requests[i]);
        }
        _name.Append(".s").Append(run.Stage);
        if (_buffer.Length < _name.Length) _buffer = new char[_name.Length * 2];
        _name.CopyTo(0, _buffer, 0, _name.Length);
        ReadOnlySpan<char> name = _buffer.AsSpan(0, _name.Length);
        var cluster = _layout.Deployment.Cluster;
        foreach (int gpu in _layout.GpusOf(run.Slot))
        {
            var (node, index) = cluster.GpuAt(gpu);
            _writer.Complete(name, node, index, run.StartS, run.EndS, requests, run.Replica);
        }
    }

    public void RecordDrop(int request, int model, double atS)
    {
        if (_namedModels.Count == 0) _writer.ProcessName(_admissionPid, "admission (dropped requests)");
        if (_namedModels.Add(model)) _writer.ThreadName(_admissionPid, model, $"model {model}");
        _writer.Instant($"drop r{request}", _admissionPid, model, atS, request);
    }
}
