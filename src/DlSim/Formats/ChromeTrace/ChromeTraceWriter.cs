using System.Text.Json;
using DlSim.Formats.Files;
using DlSim.Foundation;

namespace DlSim.Formats.ChromeTrace;

/// <summary>
/// Streams a Chrome/Perfetto trace (<c>{"traceEvents": [...]}</c>, times in µs) to a temporary file
/// as events are produced; <see cref="Commit"/> renames it into place, disposing without committing
/// deletes it. Timestamps are rounded to the nanosecond so files are stable and readable.
/// </summary>
public sealed partial class ChromeTraceWriter : IDisposable
{
    private readonly PendingFile _file;
    private readonly Stream _stream;
    private readonly Utf8JsonWriter _json;
    private bool _committed;

    public ChromeTraceWriter(string path)
    {
        _file = new PendingFile(path);
        _stream = _file.Stream;
        _json = new Utf8JsonWriter(_stream, new JsonWriterOptions { SkipValidation = true });
        _json.WriteStartObject();
        _json.WriteString("displayTimeUnit", "ms");
        _json.WriteStartArray("traceEvents");
    }

    public void ProcessName(int pid, string name) => Metadata("process_name", pid, 0, name);
    public void ThreadName(int pid, int tid, string name) => Metadata("thread_name", pid, tid, name);

    /// <summary>A complete ("X") event: a slice from <paramref name="startS"/> to <paramref name="endS"/> seconds.
    /// <paramref name="replica"/> &lt; 0 means unknown (real traces do not record it) and is left out.</summary>
    public void Complete(ReadOnlySpan<char> name, int pid, int tid, double startS, double endS, int request, int replica) =>
        Complete(name, pid, tid, startS, endS, new ReadOnlySpan<int>(ref request), replica);

    /// <summary>A slice run by a batch: its requests go into the event's args.</summary>
    public void Complete(ReadOnlySpan<char> name, int pid, int tid, double startS, double endS, ReadOnlySpan<int> requests, int replica)
    {
        double ts = Micros(startS);
        _json.WriteStartObject();
        _json.WriteString("name"u8, name);
        _json.WriteString("ph"u8, "X"u8);
        _json.WriteNumber("pid"u8, pid);
        _json.WriteNumber("tid"u8, tid);
        _json.WriteNumber("ts"u8, ts);
        _json.WriteNumber("dur"u8, Math.Round(Micros(endS) - ts, 3));
        _json.WriteStartObject("args"u8);
        if (requests.Length == 1) _json.WriteNumber("request"u8, requests[0]);
        else
        {
            _json.WriteStartArray("requests"u8);
            foreach (int r in requests) _json.WriteNumberValue(r);
            _json.WriteEndArray();
        }
        if (replica >= 0) _json.WriteNumber("replica"u8, replica);
        _json.WriteEndObject();
        _json.WriteEndObject();
        if (_json.BytesPending > 1 << 15) _json.Flush();
    }

    /// <summary>An instant ("i") event, e.g. a dropped request, on thread <paramref name="tid"/> of process <paramref name="pid"/>.</summary>
    public void Instant(ReadOnlySpan<char> name, int pid, int tid, double atS, int request)
    {
        _json.WriteStartObject();
        _json.WriteString("name"u8, name);
        _json.WriteString("ph"u8, "i"u8);
        _json.WriteString("s"u8, "t"u8);
        _json.WriteNumber("pid"u8, pid);
        _json.WriteNumber("tid"u8, tid);
        _json.WriteNumber("ts"u8, Micros(atS));
        _json.WriteStartObject("args"u8);
        _json.WriteNumber("request"u8, request);
        _json.WriteEndObject();
        _json.WriteEndObject();
        if (_json.BytesPending > 1 << 15) _json.Flush();
    }

    private void Metadata(string kind, int pid, int tid, string name)
    {
        _json.WriteStartObject();
        _json.WriteString("name", kind);
        _json.WriteString("ph", "M");
        _json.WriteNumber("pid", pid);
        _json.WriteNumber("tid", tid);
        _json.WriteStartObject("args");
        _json.WriteString("name", name);
        _json.WriteEndObject();
        _json.WriteEndObject();
    }

    /// <summary>Seconds as rounded microseconds; a time that is not finite (an input time beyond every limit) is bad input, not a crash of the JSON writer.</summary>
    private double Micros(double seconds)
    {
        double micros = Math.Round(seconds * 1e6, 3);
        if (!double.IsFinite(micros))
            throw new InputException(_file.TargetName, 0, $"expected finite event times in the trace, found {seconds} s (an input time is too large)");
        return micros;
    }

    public void Commit()
    {
        _json.WriteEndArray();
        _json.WriteEndObject();
        _json.Flush();
        _stream.Write("\n"u8);
        _json.Dispose();
        _file.Commit();
        _committed = true;
    }

    public void Dispose()
    {
        if (_committed) return;
        _json.Dispose();
        _file.Dispose();
    }
}
