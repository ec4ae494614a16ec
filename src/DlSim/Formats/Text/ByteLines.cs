using DlSim.Foundation;

namespace DlSim.Formats.Text;

/// <summary>
/// Lines of a stream as bytes, without decoding them: a JSONL line can carry a whole prompt's token ids,
/// and only a few fields of it are read. Lines end at "\n" or "\r\n"; a leading UTF-8 byte order mark is
/// skipped and a UTF-16 one refused. A line is valid until the next call.
/// </summary>
public sealed class ByteLines(Stream stream, string file, int maxLineBytes)
{
    private byte[] _buffer = new byte[1 << 16];
    private int _start, _end;
    private bool _eof, _started;

    /// <summary>1-based number of the line last returned.</summary>
    public int Line { get; private set; }

    public bool TryRead(out ReadOnlySpan<byte> line)
    {
        if (!_started) Start();
        int scanned = 0;
        while (true)
        {
            int found = _buffer.AsSpan(_start + scanned, _end - _start - scanned).IndexOf((byte)'\n');
            if (found >= 0)
            {
                int lineEnd = _start + scanned + found;
                line = Take(lineEnd, lineEnd + 1);
                return true;
            }
            scanned = _end - _start;
            if (scanned > maxLineBytes)
                throw new InputException(file, Line + 1, $"expected lines of at most {maxLineBytes} bytes (the limit), found a longer one");
            if (_eof || !Fill())
            {
                if (_start == _end) { line = default; return false; }
                line = Take(_end, _end);
                return true;
            }
        }
    }

    private ReadOnlySpan<byte> Take(int lineEnd, int next)
    {
        Line++;
        int length = lineEnd - _start;
        if (length > 0 && _buffer[lineEnd - 1] == (byte)'\r') length--;
        if (length > maxLineBytes)
            throw new InputException(file, Line, $"expected lines of at most {maxLineBytes} bytes (the limit), found one of {length} bytes");
        var line = new ReadOnlySpan<byte>(_buffer, _start, length);
        _start = next;
        return line;
    }

    /// <summary>Moves unread bytes to the front (growing the buffer for a long line) and reads more; false at the end.</summary>
    private bool Fill()
    {
        if (_start > 0)
        {
            Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
            _end -= _start;
            _start = 0;
        }
        if (_end == _buffer.Length) Array.Resize(ref _buffer, _buffer.Length * 2);
        int read = stream.Read(_buffer, _end, _buffer.Length - _end);
        if (read == 0) { _eof = true; return false; }
        _end += read;
        return true;
    }

    private void Start()
    {
        _started = true;
        while (_end - _start < 3 && !_eof && Fill()) { }
        var head = new ReadOnlySpan<byte>(_buffer, _start, _end - _start);
        if (head.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF])) _start += 3;
        else if (head.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]) || head.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]))
            throw new InputException(file, 1, "expected UTF-8 text, found a UTF-16 byte order mark (save the file as UTF-8)");
    }
}
