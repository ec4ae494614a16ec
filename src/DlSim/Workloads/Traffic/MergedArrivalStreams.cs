using DlSim.Workloads.Arrivals;

namespace DlSim.Workloads.Traffic;

/// <summary>
/// Independent per-model copies of an arrival process, superposed into one ascending stream. Each model's
/// process runs in the shared operational time u (the total cumulative rate), so a binary min-heap of
/// each model's next u — ties to the lower model id — yields arrivals in order; Λ⁻¹ maps them to seconds.
/// Memory is O(models), whatever the length of the stream; nothing is allocated per request.
/// </summary>
internal sealed class MergedArrivalStreams
{
    private readonly ArrivalProcess?[] _processes; // by model id; null for a zero share
    private readonly double[] _heapU;
    private readonly int[] _heapModel;
    private int _size;
    private readonly RateSchedule _schedule;
    private readonly double _durationS;
    private long _left;

    public MergedArrivalStreams(GeneratedWorkloadSpec spec, RateSchedule schedule)
    {
        _schedule = schedule;
        _durationS = spec.DurationS;
        _left = spec.MaxRequests;
        int models = spec.Shares.Count;
        _processes = new ArrivalProcess?[models];
        _heapU = new double[models];
        _heapModel = new int[models];
        var seeds = new DeterministicRng(spec.Seed);
        for (int m = 0; m < models; m++)
        {
            ulong seed = seeds.NextUInt64(); // one per model id, so a model's stream does not depend on the others' shares
            if (!(spec.Shares[m] > 0)) continue;
            var process = ArrivalProcess.Create(spec.Process.InOperationalTime(spec.Shares[m]), new DeterministicRng(seed));
            _processes[m] = process;
            _heapU[_size] = process.FirstGap();
            _heapModel[_size] = m;
            SiftUp(_size++);
        }
    }

    public int Read(Span<int> modelIds, Span<double> arrivalsS)
    {
        int n = 0;
        while (n < modelIds.Length && _left > 0 && _size > 0)
        {
            double u = _heapU[0];
            int model = _heapModel[0];
            double t = _schedule.TimeAt(u);
            if (!(t < _durationS)) { _size = 0; break; } // every later arrival is later still
            modelIds[n] = model;
            arrivalsS[n] = t;
            n++;
            _left--;
            _heapU[0] = u + _processes[model]!.NextGap();
            SiftDown(0);
        }
        return n;
    }

    private bool Before(int a, int b) =>
        _heapU[a] < _heapU[b] || (_heapU[a] == _heapU[b] && _heapModel[a] < _heapModel[b]);

    private void SiftUp(int i)
    {
        while (i > 0)
        {
            int parent = (i - 1) >> 1;
            if (!Before(i, parent)) return;
            Swap(i, parent);
            i = parent;
        }
    }

    private void SiftDown(int i)
    {
        while (true)
        {
            int left = 2 * i + 1, smallest = i;
            if (left < _size && Before(left, smallest)) smallest = left;
            if (left + 1 < _size && Before(left + 1, smallest)) smallest = left + 1;
            if (smallest == i) return;
            Swap(i, smallest);
            i = smallest;
        }
    }

    private void Swap(int a, int b)
    {
        (_heapU[a], _heapU[b]) = (_heapU[b], _heapU[a]);
        (_heapModel[a], _heapModel[b]) = (_heapModel[b], _heapModel[a]);
    }
}
