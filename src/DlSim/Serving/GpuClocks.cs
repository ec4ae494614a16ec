namespace DlSim.Serving;

/// <summary>
/// When each GPU is busy until: the end of the last stage queued on it. Used for the real schedule,
/// and (a second instance) for admission control's predictions. A mesh that no other mesh overlaps in part
/// keeps one clock for all its GPUs (shared by the slots on it), so its idle time costs one read whatever
/// its size; GPUs of partly overlapping meshes keep a clock each.
/// </summary>
public sealed class GpuClocks
{
    private readonly int[] _gpuStart;
    private readonly int[] _gpuCount;
    private readonly int[] _gpus;
    private readonly int[] _meshClock;
    private readonly double[] _busyUntil;
    private readonly double[] _meshBusyUntil;

    public GpuClocks(ServingLayout layout)
    {
        _gpuStart = layout.SlotGpuStart;
        _gpuCount = layout.SlotGpuCount;
        _gpus = layout.SlotGpus;
        _busyUntil = new double[layout.GpuCount];
        _meshBusyUntil = new double[layout.MeshClockCount];
        _meshClock = layout.SlotMeshClock;
    }

    /// <summary>Latest busy-until of the slot's GPUs if any is busy at <paramref name="now"/>, else 0 (an idle mesh counts as 0).</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    public double IdleTime(int slot, double now)
    {
        double latest;
        int clock = _meshClock[slot];
        if (clock >= 0) latest = _meshBusyUntil[clock];
        else
        {
            latest = 0;
            int start = _gpuStart[slot], end = start + _gpuCount[slot];
            for (int i = start; i < end; i++)
            {
                double b = _busyUntil[_gpus[i]];
                if (b > latest) latest = b;
            }
        }
        return latest > now ? latest : 0;
    }

    /// <summary>Busy-until of each shared mesh clock (<see cref="ServingLayout.SlotMeshClock"/>), for the engine's direct use.</summary>
    internal double[] MeshBusyUntil => _meshBusyUntil;

    /// <summary>Latest busy-until of the slot's GPUs (0 when none has run anything).</summary>
    public double BusyUntil(int slot) => IdleTime(slot, double.NegativeInfinity);

    /// <summary>Marks every GPU of the slot busy until <paramref name="end"/>.</summary>
    public void Reserve(int slot, double end)
    {
        int clock = _meshClock[slot];
        if (clock >= 0) { _meshBusyUntil[clock] = end; return; }
        int start = _gpuStart[slot], stop = start + _gpuCount[slot];
        for (int i = start; i < stop; i++) _busyUntil[_gpus[i]] = end;
    }

    /// <summary>Raises the slot's GPUs to at least <paramref name="end"/> (predictions never move back).</summary>
    public void Raise(int slot, double end)
    {
        int clock = _meshClock[slot];
        if (clock >= 0)
        {
            if (end > _meshBusyUntil[clock]) _meshBusyUntil[clock] = end;
            return;
        }
        int start = _gpuStart[slot], stop = start + _gpuCount[slot];
        for (int i = start; i < stop; i++)
        {
            ref double b = ref _busyUntil[_gpus[i]];
            if (end > b) b = end;
        }
    }
}
