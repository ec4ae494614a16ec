using System.Text.Json;
using DlSim.Formats.Json;
using DlSim.Foundation;
using DlSim.Llm;

namespace DlSim.Formats.LlmRoofline;

/// <summary>
/// The roofline factors as JSON: <c>{"factors": {"gemm_compute": 0.5, …}}</c>, every factor of
/// <see cref="RooflineFactors.Parameters"/> by name; a fit adds what it was fitted on and its errors, which reading ignores.
/// </summary>
public static class RooflineFactorsFile
{
    public static RooflineFactors Read(string path)
    {
        var file = JsonObjectFile.Read(path, "a JSON object with \"factors\"");
        JsonNode factors = file.Fields.Object("factors", missing: "an object of roofline factors by name")!;
        file.ThrowIfAny(); // a missing or wrong "factors" is reported here
        var errors = file.Errors;
        var known = RooflineFactors.Parameters.Select(p => p.Name).ToHashSet();
        foreach (var (key, node) in factors.Members)
            if (!known.Contains(key)) errors.Add(node.Line, $"expected a roofline factor ({string.Join(", ", known)}), found \"{key}\"");
        var values = new double[RooflineFactors.Parameters.Count];
        for (int i = 0; i < values.Length; i++)
        {
            var p = RooflineFactors.Parameters[i];
            var node = factors.Get(p.Name);
            if (node is null) { errors.Add(factors.Line, $"expected factor \"{p.Name}\" ({p.Meaning}), found it missing"); continue; }
            if (node.Kind != JsonKind.Number) { errors.Add(node.Line, $"expected \"{p.Name}\" to be a number, found {node.KindName}"); continue; }
            if (RooflineFactors.ValueProblem(p, node.Number) is string problem) { errors.Add(node.Line, $"\"{p.Name}\": {problem}"); continue; }
            values[i] = node.Number;
        }
        errors.ThrowIfAny();
        return new RooflineFactors(values);
    }

    /// <summary>Writes the <c>"factors"</c> object.</summary>
    public static void WriteFactors(Utf8JsonWriter w, RooflineFactors factors)
    {
        w.WriteStartObject("factors");
        for (int i = 0; i < factors.Values.Count; i++) w.WriteNumber(RooflineFactors.Parameters[i].Name, factors[i]);
        w.WriteEndObject();
    }

    /// <summary>Writes error rows as an array of objects (snake_case, fractions).</summary>
    public static void WriteErrors(Utf8JsonWriter w, string name, IReadOnlyList<RooflineErrorRow> rows)
    {
        w.WriteStartArray(name);
        foreach (var r in rows)
        {
            w.WriteStartObject();
            w.WriteString("name", r.Name);
            w.WriteNumber("points", r.Points);
            foreach (var (field, v) in new[] { ("mean_abs_error", r.MeanAbs), ("mean_error", r.Mean), ("p90_abs_error", r.P90Abs), ("max_abs_error", r.MaxAbs) })
                w.WriteNumberOrNull(field, Math.Round(v, 6));
            w.WriteEndObject();
        }
        w.WriteEndArray();
    }
}
