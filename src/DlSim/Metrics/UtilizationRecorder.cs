using DlSim.Serving;

namespace DlSim.Metrics;

/// <summary>Busy time per replica stage slot, expanded to GPUs at the end (no per-GPU work per event).</summary>
public sealed class UtilizationRecorder
{
    private readonly ServingLayout _layout;
    private readonly double[] _busyBySlotS;
    private double _spanS;

    public UtilizationRecorder(ServingLayout layout)
    {
        _layout = layout;
        _busyBySlotS = new double[layout.SlotCount];
    }

    public double SpanS => _spanS;

    /// <summary>Stage runs recorded (a batch's run counts once): the engine's main events.</summary>
    public long Runs { get; private set; }

    public void Record(int slot, double startS, double endS)
    {
        _busyBySlotS[slot] += endS - startS;
        Runs++;
        if (endS > _spanS) _spanS = endS;
    }

    public GpuReport[] Report()
    {
        var cluster = _layout.Deployment.Cluster;
        var busy = new double[cluster.GpuCount];
        for (int slot = 0; slot < _layout.SlotCount; slot++)
            foreach (int gpu in _layout.GpusOf(slot)) busy[gpu] += _busyBySlotS[slot];
        var result = new GpuReport[cluster.GpuCount];
        for (int g = 0; g < busy.Length; g++)
        {
            var (node, index) = cluster.GpuAt(g);
            result[g] = new GpuReport(node, index, busy[g], _spanS > 0 ? busy[g] / _spanS : 0);
        }
        return result;
    }
}
