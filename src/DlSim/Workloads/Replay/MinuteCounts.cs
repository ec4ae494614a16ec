using DlSim.Foundation;
using DlSim.Workloads.Operations;

namespace DlSim.Workloads.Replay;

/// <summary>
/// Invocations per model per minute of a replay window: the whole of what a per-minute trace says once
/// functions are mapped to models. Memory: 8 bytes per model per minute.
/// </summary>
public sealed class MinuteCounts
{
    /// <summary>Most cells (models × minutes) held: 512 MiB.</summary>
    public const long MaxCells = 1L << 26;

    private readonly long[] _cells;

    public int Models { get; }
    public int Minutes { get; }

    public MinuteCounts(int models, int minutes)
    {
        if ((long)models * minutes > MaxCells)
            throw new InputException("--models", 0,
                $"expected at most {MaxCells} model-minutes (models × window minutes) in a 2019 replay, found {models} × {minutes}; narrow --window or use fewer models");
        Models = models;
        Minutes = minutes;
        _cells = new long[(long)models * minutes];
    }

    public long this[int minute, int model] => _cells[(long)minute * Models + model];

    public void Add(int minute, int model, long invocations) => _cells[(long)minute * Models + model] += invocations;

    public long Total()
    {
        long sum = 0;
        foreach (long c in _cells) sum += c;
        return sum;
    }

    public long[] PerModel()
    {
        var sums = new long[Models];
        for (long i = 0; i < _cells.LongLength; i++) sums[i % Models] += _cells[i];
        return sums;
    }

    /// <summary>Applies the rate factor to every invocation (see <see cref="ScaleSpec"/>): each cell's count
    /// becomes the sum of its invocations' copies, so the copies are spread within the minute like the rest.</summary>
    public void ScaleRate(ScaleSpec scale, DeterministicRng rng)
    {
        double whole = Math.Floor(scale.RateFactor);
        bool drawn = scale.RateFactor != whole;
        for (long i = 0; i < _cells.LongLength; i++)
        {
            long c = _cells[i];
            if (c == 0) continue;
            if (!drawn) { _cells[i] = checked(c * (long)whole); continue; }
            long copies = 0;
            for (long j = 0; j < c; j++) copies += scale.Copies(rng);
            _cells[i] = copies;
        }
    }
}
