using System.Globalization;
using DlSim.Formats.Files;
using DlSim.Formats.Json;
using DlSim.Foundation;

namespace DlSim.Formats.LlmRuns;

/// <summary>Reads a JSON Lines file: one object per line, blank lines skipped.</summary>
internal static class JsonLines
{
    public static void Read(string path, string what, Action<int, LineFields> row)
    {
        using var reader = InputFiles.OpenText(path, what);
        int rows = 0;
        while (reader.ReadLine() is string text)
        {
            if (text.Trim().Length == 0) continue;
            int line = reader.Line;
            JsonNode node;
            try { node = JsonNode.Parse(System.Text.Encoding.UTF8.GetBytes(text), path); }
            catch (InputException e) { throw new InputException(path, line, e.Errors[0].Message); }
            if (node.Kind != JsonKind.Object) throw new InputException(path, line, $"expected a JSON object, found {node.KindName}");
            row(line, new LineFields(node, path, line));
            rows++;
        }
        if (rows == 0) throw new InputException(path, 0, $"expected a {what} with at least one request, found none");
    }

    public readonly struct LineFields(JsonNode node, string path, int line)
    {
        private JsonNode Field(string name)
        {
            var v = node.Get(name);
            if (v is null) throw new InputException(path, line, $"expected field \"{name}\", found it missing");
            if (v.Kind != JsonKind.Number) throw new InputException(path, line, $"expected \"{name}\" to be a number, found {v.KindName}");
            return v;
        }

        public int Int(string name, int min = 1)
        {
            double v = Field(name).Number;
            if (v != Math.Floor(v) || v < min || v > int.MaxValue)
                throw new InputException(path, line, $"expected \"{name}\" to be an integer ≥ {min}, found {v.ToString(CultureInfo.InvariantCulture)}");
            return (int)v;
        }

        public double Seconds(string name)
        {
            double v = Field(name).Number;
            if (!double.IsFinite(v) || v < 0) throw new InputException(path, line, $"expected \"{name}\" to be a time ≥ 0, found {v.ToString(CultureInfo.InvariantCulture)}");
            return v;
        }
    }
}
