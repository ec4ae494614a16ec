namespace DlSim.Metrics;

/// <summary>
/// Exact order statistics by selection (average O(n) per rank) instead of a full sort: the values are
/// partially reordered in place. Three-way partitioning keeps runs of equal values (common in
/// simulations with fixed stage times) linear.
/// </summary>
public static class OrderStatistics
{
    private const int BucketBits = 16;

    /// <summary>
    /// Order statistics of the union of several arrays of non-negative values, without copying them:
    /// one pass counts values per bucket of their top 16 bits (the bit patterns of non-negative doubles
    /// sort like the values), a second gathers the few buckets holding the wanted ranks, and selection
    /// finishes inside those. <paramref name="ranks"/> ascending; results in the same order.
    /// </summary>
    public static void SelectAcross(IReadOnlyList<double[]> arrays, IReadOnlyList<int> counts, ReadOnlySpan<long> ranks, Span<double> results)
    {
        // Pooled scratch: summaries of many models would otherwise allocate large arrays per model.
        var histogram = System.Buffers.ArrayPool<long>.Shared.Rent(1 << BucketBits);
        var slotOfBucket = System.Buffers.ArrayPool<sbyte>.Shared.Rent(1 << BucketBits);
        try
        {
            var counted = histogram.AsSpan(0, 1 << BucketBits);
            counted.Clear();
            for (int p = 0; p < arrays.Count; p++) Count(arrays[p].AsSpan(0, counts[p]), counted);
            SelectAcross(arrays, counts, ranks, results, counted, slotOfBucket.AsSpan(0, 1 << BucketBits));
        }
        finally
        {
            System.Buffers.ArrayPool<long>.Shared.Return(histogram);
            System.Buffers.ArrayPool<sbyte>.Shared.Return(slotOfBucket);
        }
    }

    /// <summary>Buckets of the histogram <see cref="SelectAcross(IReadOnlyList{double[]}, IReadOnlyList{int}, ReadOnlySpan{long}, Span{double}, ReadOnlySpan{long})"/> takes.</summary>
    public const int Buckets = 1 << BucketBits;

    /// <summary>Adds the values' bucket counts to <paramref name="histogram"/> (length <see cref="Buckets"/>).</summary>
    public static void Count(ReadOnlySpan<double> values, Span<long> histogram)
    {
        foreach (double x in values) histogram[Bucket(x)]++;
    }

    /// <summary>As the other overload, with the arrays' histogram already counted (summaries reuse per-model counts for the union).</summary>
    public static void SelectAcross(IReadOnlyList<double[]> arrays, IReadOnlyList<int> counts, ReadOnlySpan<long> ranks, Span<double> results,
        ReadOnlySpan<long> histogram)
    {
        var slotOfBucket = System.Buffers.ArrayPool<sbyte>.Shared.Rent(Buckets);
        try { SelectAcross(arrays, counts, ranks, results, histogram, slotOfBucket.AsSpan(0, Buckets)); }
        finally { System.Buffers.ArrayPool<sbyte>.Shared.Return(slotOfBucket); }
    }

    private static void SelectAcross(IReadOnlyList<double[]> arrays, IReadOnlyList<int> counts, ReadOnlySpan<long> ranks, Span<double> results,
        ReadOnlySpan<long> histogram, Span<sbyte> slotOfBucket)
    {
        Span<int> bucketOf = stackalloc int[ranks.Length];
        Span<long> before = stackalloc long[ranks.Length];
        long seen = 0;
        int r = 0;
        for (int b = 0; b < histogram.Length && r < ranks.Length; b++)
        {
            while (r < ranks.Length && ranks[r] < seen + histogram[b]) { bucketOf[r] = b; before[r] = seen; r++; }
            seen += histogram[b];
        }
        // One pass gathers the members of every wanted bucket (at most one per rank).
        slotOfBucket.Fill(-1);
        var members = new List<double[]>();
        var filled = new List<int>();
        for (int i = 0; i < ranks.Length; i++)
            if (slotOfBucket[bucketOf[i]] < 0)
            {
                slotOfBucket[bucketOf[i]] = (sbyte)members.Count;
                members.Add(System.Buffers.ArrayPool<double>.Shared.Rent(checked((int)histogram[bucketOf[i]])));
                filled.Add(0);
            }
        var fill = filled.ToArray();
        for (int p = 0; p < arrays.Count; p++)
            foreach (double x in arrays[p].AsSpan(0, counts[p]))
            {
                int slot = slotOfBucket[Bucket(x)];
                if (slot >= 0) members[slot][fill[slot]++] = x;
            }
        Span<long> local = stackalloc long[ranks.Length];
        for (int i = 0; i < ranks.Length;)
        {
            int b = bucketOf[i], j = i;
            while (j < ranks.Length && bucketOf[j] == b) { local[j - i] = ranks[j] - before[j]; j++; }
            int slot = slotOfBucket[b];
            Select(members[slot].AsSpan(0, fill[slot]), local[..(j - i)], results[i..j]);
            i = j;
        }
        foreach (var m in members) System.Buffers.ArrayPool<double>.Shared.Return(m);
    }

    private static int Bucket(double x) => (int)((ulong)BitConverter.DoubleToInt64Bits(x) >> (64 - BucketBits));

    /// <summary>
    /// Fills <paramref name="results"/>[i] with the value of 0-based rank <paramref name="ranks"/>[i] in
    /// <paramref name="values"/> (ranks ascending). Reorders <paramref name="values"/>.
    /// </summary>
    public static void Select(Span<double> values, ReadOnlySpan<long> ranks, Span<double> results)
    {
        int hi = values.Length; // ranks are handled from the largest down; each search stays left of the last
        for (int i = ranks.Length - 1; i >= 0; i--)
        {
            int k = (int)ranks[i];
            results[i] = SelectRank(values[..hi], k);
            hi = k + 1;
        }
    }

    /// <summary>Moves the value of rank <paramref name="k"/> to index k, smaller ones before it, larger after; returns it.</summary>
    private static double SelectRank(Span<double> a, int k)
    {
        int lo = 0, hi = a.Length - 1;
        uint seed = 2463534242;
        while (lo < hi)
        {
            // Pseudo-random pivot among three: robust to sorted and adversarial orders.
            seed ^= seed << 13; seed ^= seed >> 17; seed ^= seed << 5;
            int span = hi - lo + 1;
            double pivot = Median(a[lo + (int)(seed % (uint)span)], a[lo + span / 2], a[hi]);
            // Dutch national flag: [lo, lt) < pivot, [lt, i) == pivot, (gt, hi] > pivot.
            int lt = lo, gt = hi, j = lo;
            while (j <= gt)
            {
                double x = a[j];
                if (x < pivot) { a[j] = a[lt]; a[lt] = x; lt++; j++; }
                else if (x > pivot) { a[j] = a[gt]; a[gt] = x; gt--; }
                else j++;
            }
            if (k < lt) hi = lt - 1;
            else if (k > gt) lo = gt + 1;
            else return pivot;
        }
        return a[k];
    }

    private static double Median(double a, double b, double c) =>
        a < b ? (b < c ? b : a < c ? c : a) : (a < c ? a : b < c ? c : b);
}
