using System.Text.Json;

namespace DlSim.Formats.Json;

/// <summary>Writes every JSON result file shares.</summary>
public static class JsonWriterExtensions
{
    /// <summary>Writes a figure, or null where it is undefined (NaN or infinite): JSON has no such numbers.</summary>
    public static void WriteNumberOrNull(this Utf8JsonWriter w, string name, double value)
    {
        if (double.IsFinite(value)) w.WriteNumber(name, value);
        else w.WriteNull(name);
    }
}
