namespace DlSim.Formats.ChromeTrace;

/// <summary>
/// Events whose args the caller writes: open one with <see cref="BeginSlice"/>, <see cref="BeginCounter"/> or
/// <see cref="BeginAsync"/>, add args with <see cref="Arg(ReadOnlySpan{byte}, long)"/>, close it with <see cref="EndEvent"/>.
/// Nothing is allocated per event.
/// </summary>
public sealed partial class ChromeTraceWriter
{
    /// <summary>Opens a complete ("X") slice from <paramref name="startS"/> to <paramref name="endS"/> seconds; its args follow.</summary>
    public void BeginSlice(ReadOnlySpan<char> name, int pid, int tid, double startS, double endS)
    {
        double ts = Micros(startS);
        Head(name, "X"u8, pid, tid, ts);
        _json.WriteNumber("dur"u8, Math.Round(Micros(endS) - ts, 3));
        _json.WriteStartObject("args"u8);
    }

    /// <summary>Opens a counter ("C") event of process <paramref name="pid"/>: each arg becomes a series of the counter track <paramref name="name"/>.</summary>
    public void BeginCounter(ReadOnlySpan<char> name, int pid, double atS)
    {
        Head(name, "C"u8, pid, 0, Micros(atS));
        _json.WriteStartObject("args"u8);
    }

    /// <summary>Opens a nestable async begin ("b", <paramref name="begin"/>) or end ("e") event: events of one
    /// <paramref name="category"/> and <paramref name="id"/> form one track, ends closing the latest open begin.</summary>
    public void BeginAsync(ReadOnlySpan<char> name, ReadOnlySpan<byte> category, long id, bool begin, int pid, double atS)
    {
        Head(name, begin ? "b"u8 : "e"u8, pid, 0, Micros(atS));
        _json.WriteString("cat"u8, category);
        _json.WriteNumber("id"u8, id);
        _json.WriteStartObject("args"u8);
    }

    public void Arg(ReadOnlySpan<byte> name, long value) => _json.WriteNumber(name, value);

    /// <summary>A fraction or other real value, rounded to 6 decimals so files stay short and stable.</summary>
    public void Arg(ReadOnlySpan<byte> name, double value) => _json.WriteNumber(name, Math.Round(value, 6));

    /// <summary>Closes the args and the event opened last.</summary>
    public void EndEvent()
    {
        _json.WriteEndObject();
        _json.WriteEndObject();
        if (_json.BytesPending > 1 << 15) _json.Flush();
    }

    private void Head(ReadOnlySpan<char> name, ReadOnlySpan<byte> phase, int pid, int tid, double ts)
    {
        _json.WriteStartObject();
        _json.WriteString("name"u8, name);
        _json.WriteString("ph"u8, phase);
        _json.WriteNumber("pid"u8, pid);
        _json.WriteNumber("tid"u8, tid);
        _json.WriteNumber("ts"u8, ts);
    }
}
