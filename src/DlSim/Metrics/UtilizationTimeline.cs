using System.Globalization;
using DlSim.Foundation;
using DlSim.Serving;

namespace DlSim.Metrics;

/// <summary>
/// Busy fraction of every GPU per time bin (for plots and JSON). Accumulates per replica-stage slot
/// and expands to GPUs at the end, so an event costs the bins it spans, not the GPUs it uses.
/// Memory: slots × bins; kept only when asked for.
/// </summary>
public sealed class UtilizationTimeline
{
    private readonly ServingLayout _layout;
    private readonly double[][] _busyBySlot;

    public double BinS { get; }
    public int Bins { get; private set; }

    public UtilizationTimeline(ServingLayout layout, double binS)
    {
        if (!(binS > 0)) throw new ArgumentOutOfRangeException(nameof(binS), "bin width must be positive");
        _layout = layout;
        BinS = binS;
        _busyBySlot = new double[layout.SlotCount][];
        for (int s = 0; s < _busyBySlot.Length; s++) _busyBySlot[s] = new double[64];
    }

    public void Record(int slot, double startS, double endS)
    {
        if (endS / BinS >= Limits.MaxBins)
            throw new InputException("--utilization-bin", 0, string.Create(CultureInfo.InvariantCulture,
                $"expected at most {Limits.MaxBins} bins (the limit) in the utilisation timeline, found a run reaching {endS:0.###} s in bins of {BinS} s; use a wider bin"));
        int first = (int)(startS / BinS), last = (int)(endS / BinS);
        ref double[] bins = ref _busyBySlot[slot];
        if (last >= bins.Length) Array.Resize(ref bins, Math.Max(bins.Length * 2, last + 1));
        if (last + 1 > Bins) Bins = last + 1;
        if (first == last) { bins[first] += endS - startS; return; }
        bins[first] += (first + 1) * BinS - startS;
        for (int b = first + 1; b < last; b++) bins[b] += BinS;
        bins[last] += endS - last * BinS;
    }

    /// <summary>Busy fraction [gpu][bin] in dense GPU order.</summary>
    public double[][] ByGpu()
    {
        var result = new double[_layout.GpuCount][];
        for (int g = 0; g < result.Length; g++) result[g] = new double[Bins];
        for (int slot = 0; slot < _layout.SlotCount; slot++)
        {
            var bins = _busyBySlot[slot];
            foreach (int gpu in _layout.GpusOf(slot))
                for (int b = 0; b < Bins && b < bins.Length; b++) result[gpu][b] += bins[b] / BinS;
        }
        return result;
    }
}
