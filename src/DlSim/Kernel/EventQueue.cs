using System.Runtime.CompilerServices;

namespace DlSim.Kernel;

/// <summary>
/// A binary min-heap of timed events ordered by (time, phase, rank, sequence). Rank orders events of one
/// phase at one instant (the engine uses the GPU index); the sequence number makes the order total and
/// stable (first pushed, first popped), which <see cref="PriorityQueue{TElement,TPriority}"/> is not.
/// The payload is a struct stored inline: pushing and popping allocate nothing once the heap has grown.
/// </summary>
public sealed class EventQueue<TPayload> where TPayload : struct
{
    private const int RankBits = 20;
    private const int SequenceBits = 40;
    /// <summary>Largest rank that fits in the tie-break key.</summary>
    public const int MaxRank = (1 << RankBits) - 1;

    private struct Entry
    {
        public double Time;
        public ulong Tie;
        public TPayload Payload;
    }

    private Entry[] _heap = new Entry[64];
    private int _count;
    private ulong _sequence;

    public int Count => _count;

    /// <summary>Time of the earliest event; only valid when <see cref="Count"/> &gt; 0.</summary>
    public double PeekTime
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => _heap[0].Time;
    }

    public void Push(double time, EventPhase phase, int rank, in TPayload payload)
    {
        if ((uint)rank > MaxRank) throw new ArgumentOutOfRangeException(nameof(rank));
        if (_count == _heap.Length) Array.Resize(ref _heap, _heap.Length * 2);
        ulong tie = ((ulong)phase << (RankBits + SequenceBits)) | ((ulong)rank << SequenceBits) | (_sequence++ & ((1UL << SequenceBits) - 1));
        int i = _count++;
        var heap = _heap;
        while (i > 0)
        {
            int parent = (i - 1) >> 1;
            ref Entry p = ref heap[parent];
            if (p.Time < time || (p.Time == time && p.Tie < tie)) break;
            heap[i] = p;
            i = parent;
        }
        heap[i].Time = time;
        heap[i].Tie = tie;
        heap[i].Payload = payload;
    }

    /// <summary>Removes the earliest event; only valid when <see cref="Count"/> &gt; 0.</summary>
    public TPayload Pop(out double time)
    {
        var heap = _heap;
        time = heap[0].Time;
        TPayload result = heap[0].Payload;
        Entry last = heap[--_count];
        int n = _count;
        int i = 0;
        while (true)
        {
            int child = 2 * i + 1;
            if (child >= n) break;
            if (child + 1 < n && Less(in heap[child + 1], in heap[child])) child++;
            if (!Less(in heap[child], in last)) break;
            heap[i] = heap[child];
            i = child;
        }
        if (n > 0) heap[i] = last;
        return result;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool Less(in Entry a, in Entry b) => a.Time < b.Time || (a.Time == b.Time && a.Tie < b.Tie);
}
