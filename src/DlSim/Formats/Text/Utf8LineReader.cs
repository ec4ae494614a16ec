using System.Text;
using DlSim.Foundation;

namespace DlSim.Formats.Text;

/// <summary>
/// Reads lines of UTF-8 text from bytes, so that a bad byte or an endless line is reported at its
/// <c>file:line</c> (a StreamReader replaces bad bytes silently and reads any line whole). A leading
/// UTF-8 byte order mark is skipped, as in JSON inputs; a UTF-16 one is refused. Lines end at "\n"
/// or "\r\n". Only <see cref="ReadLine"/> is supported.
/// </summary>
public sealed class Utf8LineReader(Stream stream, string file) : TextReader
{
    private readonly ByteLines _lines = new(stream, file, Limits.MaxLineBytes);

    /// <summary>1-based number of the line last returned.</summary>
    public int Line => _lines.Line;

    public override string? ReadLine()
    {
        if (!_lines.TryRead(out var line)) return null;
        if (!System.Text.Unicode.Utf8.IsValid(line))
        {
            int bad = FirstInvalid(line);
            throw new InputException(file, Line, $"expected UTF-8 text, found the byte 0x{line[bad]:X2} at byte {bad + 1} of the line");
        }
        return Encoding.UTF8.GetString(line);
    }

    /// <summary>The position of the first byte that is not valid UTF-8, or -1.</summary>
    private static int FirstInvalid(ReadOnlySpan<byte> bytes)
    {
        int i = 0;
        while (i < bytes.Length)
        {
            if (Rune.DecodeFromUtf8(bytes[i..], out _, out int consumed) != System.Buffers.OperationStatus.Done) return i;
            i += consumed;
        }
        return -1;
    }

    public override int Read() => throw new NotSupportedException("Utf8LineReader reads lines only");

    public override int Peek() => throw new NotSupportedException("Utf8LineReader reads lines only");

    protected override void Dispose(bool disposing)
    {
        if (disposing) stream.Dispose();
        base.Dispose(disposing);
    }
}
