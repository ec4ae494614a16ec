namespace DlSim.Workloads.Replay;

/// <summary>
/// Streams the requests of <see cref="MinuteCounts"/>: minute j's k requests of a model fall in
/// [60·j, 60·(j + 1)) s as <see cref="WithinMinute"/> says, each model's times generated already in order
/// and the models merged through a heap (ties: lower model first), then every time multiplied by the
/// time factor. Memory: O(models) beyond the counts, whatever a minute holds.
/// </summary>
public sealed class MinuteCountsSource : IRequestSource
{
    private readonly MinuteCounts _counts;
    private readonly WithinMinute _how;
    private readonly double _timeFactor;
    private readonly DeterministicRng _rng;
    private readonly PriorityQueue<int, (double Fraction, int Model)> _heap = new();
    private readonly long[] _k, _index;
    private readonly double[] _last;
    private int _minute = -1;

    public WorkloadHeader Header { get; }

    public MinuteCountsSource(MinuteCounts counts, WithinMinute how, double timeFactor, ulong seed, WorkloadHeader header)
    {
        _counts = counts;
        _how = how;
        _timeFactor = timeFactor;
        _rng = new DeterministicRng(seed);
        _k = new long[counts.Models];
        _index = new long[counts.Models];
        _last = new double[counts.Models];
        Header = header;
    }

    public int Read(Span<int> modelIds, Span<double> arrivalsS)
    {
        int n = 0;
        while (n < modelIds.Length)
        {
            if (_heap.Count == 0 && !StartNextMinute()) break;
            _heap.TryDequeue(out int model, out var queued);
            double t = _minute * 60.0 + 60.0 * queued.Fraction;
            double next = (_minute + 1) * 60.0;
            if (t >= next) t = Math.BitDecrement(next);
            modelIds[n] = model;
            arrivalsS[n] = t * _timeFactor;
            n++;
            if (++_index[model] < _k[model]) Enqueue(model);
        }
        return n;
    }

    /// <summary>Moves to the next minute with any request and queues each of its models' first request.</summary>
    private bool StartNextMinute()
    {
        while (++_minute < _counts.Minutes)
        {
            for (int m = 0; m < _counts.Models; m++)
            {
                _k[m] = _counts[_minute, m];
                _index[m] = 0;
                _last[m] = 0;
                if (_k[m] > 0) Enqueue(m);
            }
            if (_heap.Count > 0) return true;
        }
        _minute = _counts.Minutes;
        return false;
    }

    /// <summary>Draws the model's next position in the minute (a fraction in [0, 1), not below its last) and queues it.</summary>
    private void Enqueue(int m)
    {
        long i = _index[m], k = _k[m];
        double x = _how switch
        {
            // The smallest of the k − i uniforms left on (last, 1): 1 − (1 − last)·V^(1/(k − i)).
            WithinMinute.Poisson => 1 - (1 - _last[m]) * Math.Pow(1 - _rng.NextDouble(), 1.0 / (k - i)),
            WithinMinute.Uniform => (i + _rng.NextDouble()) / k,
            WithinMinute.Even => (i + 0.5) / k,
            _ => throw new InvalidOperationException($"unknown {nameof(WithinMinute)} {_how}"),
        };
        x = Math.Min(Math.Max(x, _last[m]), Math.BitDecrement(1.0));
        _last[m] = x;
        _heap.Enqueue(m, (x, m));
    }

    public void Dispose() { }
}
