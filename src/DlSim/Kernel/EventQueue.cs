using System.Runtime.CompilerServices;

namespace DlSim.Kernel;

/// <summary>
/// A 4-ary min-heap of timed events ordered by (time, phase, rank, sequence). Rank orders events of one
/// phase at one instant (the engine uses the GPU index); the sequence number makes the order total and
/// stable (first pushed, first popped), which <see cref="PriorityQueue{TElement,TPriority}"/> is not.
/// Payloads stay put in a slot array while only 24-byte keys move in the heap, so big event structs cost
/// one copy in and one out; four children per node halve the depth a binary heap would have. Nothing
/// is allocated once the arrays have grown.
/// </summary>
public sealed class EventQueue<TPayload> where TPayload : struct
{
    private const int RankBits = 20;
    private const int SequenceBits = 40;
    /// <summary>Largest rank that fits in the tie-break key.</summary>
    public const int MaxRank = (1 << RankBits) - 1;

    private struct Key
    {
        public double Time;
        public ulong Tie;
        public int Slot;
    }

    private Key[] _heap = new Key[64];
    private TPayload[] _payloads = new TPayload[64];
    private int[] _freeSlots = new int[64];
    private int _freeCount;
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
        if (_count == _heap.Length) Grow();
        // Slots in use = events queued, so a free slot exists: the last freed one, or the next never used.
        int slot = _freeCount > 0 ? _freeSlots[--_freeCount] : _count;
        _payloads[slot] = payload;
        ulong tie = ((ulong)phase << (RankBits + SequenceBits)) | ((ulong)rank << SequenceBits) | (_sequence++ & ((1UL << SequenceBits) - 1));
        int i = _count++;
        var heap = _heap;
        while (i > 0)
        {
            int parent = (i - 1) >> 2;
            ref Key p = ref heap[parent];
            if (p.Time < time || (p.Time == time && p.Tie < tie)) break;
            heap[i] = p;
            i = parent;
        }
        heap[i].Time = time;
        heap[i].Tie = tie;
        heap[i].Slot = slot;
    }

    /// <summary>Removes the earliest event; only valid when <see cref="Count"/> &gt; 0.</summary>
    public TPayload Pop(out double time)
    {
        time = _heap[0].Time;
        int slot = _heap[0].Slot;
        RemoveTop();
        return _payloads[slot];
    }

    /// <summary>The earliest event's payload, in place (valid until the queue next changes); only when <see cref="Count"/> &gt; 0.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ref TPayload PeekPayload() => ref _payloads[_heap[0].Slot];

    /// <summary>Drops the earliest event (read it first with <see cref="PeekPayload"/>).</summary>
    public void RemoveTop()
    {
        var heap = _heap;
        _freeSlots[_freeCount++] = heap[0].Slot;
        Key last = heap[--_count];
        if (_count > 0) SiftDown(last);
    }

    /// <summary>
    /// Re-queues the earliest event, payload kept in place (as changed through <see cref="PeekPayload"/>),
    /// at a new time: one sift instead of a pop and a push. Ordered as if pushed now.
    /// </summary>
    public void ReplaceTop(double time, EventPhase phase, int rank)
    {
        if ((uint)rank > MaxRank) throw new ArgumentOutOfRangeException(nameof(rank));
        ulong tie = ((ulong)phase << (RankBits + SequenceBits)) | ((ulong)rank << SequenceBits) | (_sequence++ & ((1UL << SequenceBits) - 1));
        SiftDown(new Key { Time = time, Tie = tie, Slot = _heap[0].Slot });
    }

    /// <summary>
    /// Places <paramref name="key"/> at the root's position and moves it to where it belongs, bottom-up:
    /// the hole goes down along the smallest children to a leaf, then the key climbs back. The key (the
    /// old last entry, or an event re-queued later in time) usually belongs near the bottom, so this
    /// saves a comparison with it at every level.
    /// </summary>
    private void SiftDown(Key key)
    {
        var heap = _heap;
        int n = _count;
        int i = 0;
        while (true)
        {
            int first = 4 * i + 1;
            if (first >= n) break;
            int child = first;
            int last = Math.Min(first + 4, n);
            for (int c = first + 1; c < last; c++)
                if (Less(in heap[c], in heap[child])) child = c;
            heap[i] = heap[child];
            i = child;
        }
        while (i > 0)
        {
            int parent = (i - 1) >> 2;
            if (!Less(in key, in heap[parent])) break;
            heap[i] = heap[parent];
            i = parent;
        }
        heap[i] = key;
    }

    private void Grow()
    {
        // Invariant: slots 0.._count−1 may be in use, so the free list is empty when the heap is full.
        int size = _heap.Length * 2;
        Array.Resize(ref _heap, size);
        Array.Resize(ref _payloads, size);
        Array.Resize(ref _freeSlots, size);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool Less(in Key a, in Key b) => a.Time < b.Time || (a.Time == b.Time && a.Tie < b.Tie);
}
