using DlSim.Serving;

namespace DlSim.Metrics;

/// <summary>
/// Keeps the stage runs of a time window for a Gantt-like view: every run that ends after <c>fromS</c> and starts before
/// <c>toS</c>, one bar per GPU it uses, until <c>maxBars</c> are held. Runs arrive in scheduling order, not start order, so once it is full it
/// remembers the earliest start it turned away: every run starting before that is held, which makes
/// [from, <see cref="CompleteUntilS"/>) a window with no bar missing.
/// </summary>
public sealed class StageWindowRecorder(ServingLayout layout, double fromS, double toS, int maxBars)
{
    private readonly List<StageBar> _bars = [];
    private double _firstTurnedAwayS = double.PositiveInfinity;
    private double _lastEndS = double.NegativeInfinity;

    public double FromS => fromS;

    public void Record(in StageRun run, int batchSize)
    {
        if (!(run.EndS > fromS) || !(run.StartS < toS)) return;
        var gpus = layout.GpusOf(run.Slot);
        if (_bars.Count + gpus.Length > maxBars)
        {
            if (run.StartS < _firstTurnedAwayS) _firstTurnedAwayS = run.StartS;
            return;
        }
        foreach (int gpu in gpus) _bars.Add(new StageBar(gpu, run.Replica, run.Stage, run.Request, batchSize, run.StartS, run.EndS));
        if (run.EndS > _lastEndS) _lastEndS = run.EndS;
    }

    /// <summary>End of the window in which every bar is held.</summary>
    public double CompleteUntilS => Math.Min(Math.Min(_firstTurnedAwayS, toS), _lastEndS);

    /// <summary>The bars that overlap [from, <see cref="CompleteUntilS"/>), ordered by GPU then start.</summary>
    public StageWindow Window()
    {
        double until = CompleteUntilS;
        var bars = _bars.Where(b => b.StartS < until).OrderBy(b => b.Gpu).ThenBy(b => b.StartS).ToArray();
        return new StageWindow(fromS, bars.Length == 0 ? fromS : until, bars);
    }
}

/// <summary>One stage run on one GPU (dense index): the batch's first request, its size, and when it ran.</summary>
public readonly record struct StageBar(int Gpu, int Replica, int Stage, int Request, int BatchSize, double StartS, double EndS);

/// <summary>All stage runs on every GPU between <see cref="FromS"/> and <see cref="ToS"/> (bars may reach past either end).</summary>
public sealed record StageWindow(double FromS, double ToS, IReadOnlyList<StageBar> Bars);
