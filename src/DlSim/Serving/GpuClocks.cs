namespace DlSim.Serving;

/// <summary>
/// When each GPU is busy until: the end of the last stage queued on it. Used for the real schedule,
/// and (a second instance) for admission control's predictions.
/// </summary>
public sealed class GpuClocks(ServingLayout layout)
{
    private readonly double[] _busyUntil = new double[layout.GpuCount];

    /// <summary>Latest busy-until of the slot's GPUs if any is busy at <paramref name="now"/>, else 0 (an idle mesh counts as 0).</summary>
    public double IdleTime(int slot, double now)
    {
        int start = layout.SlotGpuStart[slot];
        int end = start + layout.SlotGpuCount[slot];
        double latest = 0;
        for (int i = start; i < end; i++)
        {
            double b = _busyUntil[layout.SlotGpus[i]];
            if (b > latest) latest = b;
        }
        return latest > now ? latest : 0;
    }

    /// <summary>Marks every GPU of the slot busy until <paramref name="end"/>.</summary>
    public void Reserve(int slot, double end)
    {
        int start = layout.SlotGpuStart[slot];
        int stop = start + layout.SlotGpuCount[slot];
        for (int i = start; i < stop; i++) _busyUntil[layout.SlotGpus[i]] = end;
    }

    /// <summary>Raises the slot's GPUs to at least <paramref name="end"/> (predictions never move back).</summary>
    public void Raise(int slot, double end)
    {
        int start = layout.SlotGpuStart[slot];
        int stop = start + layout.SlotGpuCount[slot];
        for (int i = start; i < stop; i++)
        {
            ref double b = ref _busyUntil[layout.SlotGpus[i]];
            if (end > b) b = end;
        }
    }
}
