using System.Text.Json;

namespace DlSim.Formats.Json;

/// <summary>Every result file's JSON layout in one place: indented, UTF-8, ending with a newline.</summary>
public static class JsonDocumentWriter
{
    public static void Write(Stream stream, Action<Utf8JsonWriter> body)
    {
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            body(w);
            w.Flush();
        }
        stream.Write("\n"u8);
    }
}
