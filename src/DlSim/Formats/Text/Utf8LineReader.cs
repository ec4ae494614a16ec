using System.Text;
using DlSim.Foundation;

namespace DlSim.Formats.Text;

/// <summary>
/// Reads lines of UTF-8 text from bytes, so that a bad byte or an endless line is reported at its
/// <c>file:line</c> (a StreamReader replaces bad bytes silently and reads any line whole). A leading
/// UTF-8 byte order mark is skipped, as in JSON inputs; a UTF-16 one is refused. Lines end at "\n"
/// or "\r\n". Only <see cref="ReadLine"/> is supported.
/// </summary>
public sealed class Utf8LineReader : TextReader
{
    private readonly Stream _stream;
    private readonly string _file;
    private byte[] _buffer = new byte[1 << 16];
    private int _start, _end;
    private bool _eof, _started;

    /// <summary>1-based number of the line last returned.</summary>
    public int Line { get; private set; }

    public Utf8LineReader(Stream stream, string file)
    {
        _stream = stream;
        _file = file;
    }

    public override string? ReadLine()
    {
        if (!_started) SkipByteOrderMark();
        int scanned = 0;
        while (true)
        {
            int found = _buffer.AsSpan(_start + scanned, _end - _start - scanned).IndexOf((byte)'\n');
            if (found >= 0) return Take(_start + scanned + found, _start + scanned + found + 1);
            scanned = _end - _start;
            if (scanned > Limits.MaxLineBytes)
                throw new InputException(_file, Line + 1, $"expected lines of at most {Limits.MaxLineBytes} bytes (the limit), found a longer one");
            if (_eof || !Fill()) return _start == _end ? null : Take(_end, _end);
        }
    }

    /// <summary>Decodes the line from the current start to <paramref name="lineEnd"/> (exclusive) and moves on to <paramref name="next"/>.</summary>
    private string Take(int lineEnd, int next)
    {
        Line++;
        int length = lineEnd - _start;
        if (length > 0 && _buffer[lineEnd - 1] == (byte)'\r') length--;
        if (length > Limits.MaxLineBytes)
            throw new InputException(_file, Line, $"expected lines of at most {Limits.MaxLineBytes} bytes (the limit), found one of {length} bytes");
        var line = new ReadOnlySpan<byte>(_buffer, _start, length);
        if (!System.Text.Unicode.Utf8.IsValid(line))
        {
            int bad = FirstInvalid(line);
            throw new InputException(_file, Line, $"expected UTF-8 text, found the byte 0x{line[bad]:X2} at byte {bad + 1} of the line");
        }
        string text = Encoding.UTF8.GetString(line);
        _start = next;
        return text;
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

    /// <summary>Moves unread bytes to the front (growing the buffer for a long line) and reads more; false at the end of the stream.</summary>
    private bool Fill()
    {
        if (_start > 0)
        {
            Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
            _end -= _start;
            _start = 0;
        }
        if (_end == _buffer.Length) Array.Resize(ref _buffer, _buffer.Length * 2);
        int read = _stream.Read(_buffer, _end, _buffer.Length - _end);
        if (read == 0) { _eof = true; return false; }
        _end += read;
        return true;
    }

    private void SkipByteOrderMark()
    {
        _started = true;
        while (_end - _start < 3 && !_eof && Fill()) { }
        var head = new ReadOnlySpan<byte>(_buffer, _start, _end - _start);
        if (head.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF])) _start += 3;
        else if (head.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]) || head.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]))
            throw new InputException(_file, 1, "expected UTF-8 text, found a UTF-16 byte order mark (save the file as UTF-8)");
    }

    public override int Read() => throw new NotSupportedException("Utf8LineReader reads lines only");

    public override int Peek() => throw new NotSupportedException("Utf8LineReader reads lines only");

    protected override void Dispose(bool disposing)
    {
        if (disposing) _stream.Dispose();
        base.Dispose(disposing);
    }
}
