namespace DlSim.Metrics;

/// <summary>Sorts finite doubles ascending in linear time (least-significant-digit radix sort on their bits), for the
/// millions of values a latency summary sorts; small arrays go to <see cref="Array.Sort(Array)"/>.</summary>
public static class RadixSort
{
    private const int Bits = 16, Buckets = 1 << Bits, Passes = 64 / Bits;
    private const int SmallArray = 1 << 16;

    /// <summary>Sorts <paramref name="values"/> (no NaN) in place, as <see cref="Array.Sort(Array)"/> would.</summary>
    public static void Sort(double[] values)
    {
        if (values.Length < SmallArray) { Array.Sort(values); return; }
        var keys = new ulong[values.Length];
        var spare = new ulong[values.Length];
        var counts = new int[Passes * Buckets];
        for (int i = 0; i < values.Length; i++)
        {
            ulong k = Key(values[i]);
            keys[i] = k;
            for (int p = 0; p < Passes; p++) counts[p * Buckets + (int)((k >> (p * Bits)) & (Buckets - 1))]++;
        }
        for (int p = 0; p < Passes; p++)
        {
            var pass = counts.AsSpan(p * Buckets, Buckets);
            if (pass[(int)((keys[0] >> (p * Bits)) & (Buckets - 1))] == keys.Length) continue; // every key has this digit
            int offset = 0;
            for (int b = 0; b < Buckets; b++) { int c = pass[b]; pass[b] = offset; offset += c; }
            foreach (ulong k in keys) spare[pass[(int)((k >> (p * Bits)) & (Buckets - 1))]++] = k;
            (keys, spare) = (spare, keys);
        }
        for (int i = 0; i < values.Length; i++) values[i] = Value(keys[i]);
    }

    /// <summary>An unsigned key in the doubles' order: negative values have every bit flipped, others their sign bit.</summary>
    private static ulong Key(double v)
    {
        ulong bits = (ulong)BitConverter.DoubleToInt64Bits(v);
        return (bits & 0x8000_0000_0000_0000) != 0 ? ~bits : bits | 0x8000_0000_0000_0000;
    }

    private static double Value(ulong key) =>
        BitConverter.Int64BitsToDouble((long)((key & 0x8000_0000_0000_0000) != 0 ? key & 0x7FFF_FFFF_FFFF_FFFF : ~key));
}
