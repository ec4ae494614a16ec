using DlSim.Foundation;

namespace DlSim.Formats.Parquet;

/// <summary>
/// Walks a Parquet footer (Thrift compact protocol) before Parquet.Net reads it: every length and count
/// must fit in the bytes that are left, and nesting must stay shallow. A damaged footer can otherwise
/// make the library loop for minutes on a list "of two billion elements" in a 700-byte footer.
/// Each step consumes at least one byte, so the walk is linear in the footer's size.
/// </summary>
public static class ParquetFooterCheck
{
    private const int MaxDepth = 64;

    /// <summary>True when the file's footer is structurally sound (length in range, Thrift well formed).</summary>
    public static bool IsPlausible(Stream stream)
    {
        long length = stream.Length;
        if (length < 12) return false;
        Span<byte> tail = stackalloc byte[8];
        stream.Seek(-8, SeekOrigin.End);
        stream.ReadExactly(tail);
        int footerLength = BitConverter.ToInt32(tail[..4]);
        if (footerLength <= 0 || footerLength > length - 12 || footerLength > Limits.MaxFileBytes) return false;
        var footer = new byte[footerLength];
        stream.Seek(length - 8 - footerLength, SeekOrigin.Begin);
        stream.ReadExactly(footer);
        stream.Seek(0, SeekOrigin.Begin);
        int position = 0;
        return Struct(footer, ref position, 0);
    }

    private static bool Struct(byte[] b, ref int p, int depth)
    {
        if (depth > MaxDepth) return false;
        while (true)
        {
            if (p >= b.Length) return false;
            byte header = b[p++];
            int type = header & 0x0F;
            if (type == 0) return true;
            if (header >> 4 == 0 && !Varint(b, ref p, out _)) return false;
            if (!Value(b, ref p, type, depth + 1, inList: false)) return false;
        }
    }

    private static bool Value(byte[] b, ref int p, int type, int depth, bool inList)
    {
        switch (type)
        {
            case 1 or 2: return !inList || Skip(b, ref p, 1);
            case 3: return Skip(b, ref p, 1);
            case 4 or 5 or 6: return Varint(b, ref p, out _);
            case 7: return Skip(b, ref p, 8);
            case 13: return Skip(b, ref p, 16);
            case 8: return Varint(b, ref p, out ulong n) && n <= (ulong)(b.Length - p) && Skip(b, ref p, (int)n);
            case 9 or 10:
            {
                if (p >= b.Length) return false;
                byte header = b[p++];
                ulong count = (ulong)(header >> 4);
                if (count == 15 && !Varint(b, ref p, out count)) return false;
                if (count > (ulong)(b.Length - p) || depth > MaxDepth) return false;
                for (ulong i = 0; i < count; i++)
                    if (!Value(b, ref p, header & 0x0F, depth + 1, inList: true)) return false;
                return true;
            }
            case 11:
            {
                if (!Varint(b, ref p, out ulong count)) return false;
                if (count == 0) return true;
                if (p >= b.Length || count > (ulong)(b.Length - p) / 2 || depth > MaxDepth) return false;
                byte types = b[p++];
                for (ulong i = 0; i < count; i++)
                    if (!Value(b, ref p, types >> 4, depth + 1, inList: true) || !Value(b, ref p, types & 0x0F, depth + 1, inList: true)) return false;
                return true;
            }
            case 12: return Struct(b, ref p, depth);
            default: return false;
        }
    }

    private static bool Skip(byte[] b, ref int p, int n)
    {
        if (n > b.Length - p) return false;
        p += n;
        return true;
    }

    private static bool Varint(byte[] b, ref int p, out ulong value)
    {
        value = 0;
        for (int shift = 0; shift < 70; shift += 7)
        {
            if (p >= b.Length) return false;
            byte x = b[p++];
            value |= (ulong)(x & 0x7F) << shift;
            if ((x & 0x80) == 0) return true;
        }
        return false;
    }
}
