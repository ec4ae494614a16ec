using DlSim.Foundation;

namespace DlSim.Formats.Json;

/// <summary>
/// Typed reads of a <see cref="JsonNode"/> object's fields that report problems instead of throwing, in two
/// shapes: <c>expected field "NAME" (WHAT IT IS)[ in WHERE], found it missing</c> at the object's line, and
/// <c>expected "NAME" to be WHAT IT IS, found VALUE</c> at the value's line. A read that fails returns null.
/// </summary>
public sealed class JsonFields
{
    private readonly JsonNode _node;
    private readonly InputErrorList _errors;
    private readonly string? _what;

    /// <param name="what">Where the fields are ("a replica"), said after a missing field; null says nothing.</param>
    public JsonFields(JsonNode node, InputErrorList errors, string? what = null)
    {
        _node = node; _errors = errors; _what = what;
    }

    /// <summary>How a wrong value is named after "found"; <see cref="JsonNode.KindName"/> unless a reader words it otherwise.</summary>
    public Func<JsonNode, string> Found { get; init; } = value => value.KindName;

    private string In => _what is null ? "" : $" in {_what}";

    /// <summary>Reports any member not in <paramref name="known"/> (typos should not pass silently).</summary>
    public void RejectUnknown(params string[] known)
    {
        foreach (var m in _node.Members)
            if (Array.IndexOf(known, m.Key) < 0)
                _errors.Add(m.Value.Line, $"expected only the fields {string.Join(", ", known)}{In}, found unknown field \"{m.Key}\"");
    }

    /// <param name="missing">What the field is, said when it is missing; <paramref name="kindName"/> when null.</param>
    public JsonNode? Required(string name, JsonKind kind, string kindName, string? missing = null)
    {
        var value = Present(name, required: true, missing ?? kindName);
        return value is null ? null : value.Kind == kind ? value : Wrong(value, name, kindName);
    }

    public string? String(string name) => Required(name, JsonKind.String, "a string")?.Text;

    public JsonNode? List(string name) => Required(name, JsonKind.Array, "a list");

    public JsonNode? Object(string name, string? missing = null) => Required(name, JsonKind.Object, "an object", missing);

    /// <summary>A string with more than white space in it; null when absent and not <paramref name="required"/>.</summary>
    public string? NonEmptyString(string name, bool required = true, string? missing = null)
    {
        const string Expected = "a non-empty string";
        var value = Present(name, required, missing ?? Expected);
        if (value is null) return null;
        if (value.Kind == JsonKind.String && !string.IsNullOrWhiteSpace(value.Text)) return value.Text;
        Wrong(value, name, Expected);
        return null;
    }

    /// <summary>A number that <paramref name="valid"/> accepts, <paramref name="expected"/> saying which in words.</summary>
    public double? Number(string name, string expected, Func<double, bool> valid, bool required = true)
    {
        var value = Present(name, required, expected);
        if (value is null) return null;
        if (value.Kind == JsonKind.Number && valid(value.Number)) return value.Number;
        Wrong(value, name, expected);
        return null;
    }

    /// <summary>A whole number from 1 to <see cref="int.MaxValue"/>.</summary>
    public int? PositiveInt(string name, string expected, bool required = true) =>
        Number(name, expected, v => v == Math.Floor(v) && v >= 1 && v <= int.MaxValue, required) is double v ? (int)v : null;

    private JsonNode? Present(string name, bool required, string missing)
    {
        var value = _node.Get(name);
        if (value is null && required) _errors.Add(_node.Line, $"expected field \"{name}\" ({missing}){In}, found it missing");
        return value;
    }

    private JsonNode? Wrong(JsonNode value, string name, string expected)
    {
        _errors.Add(value.Line, $"expected \"{name}\" to be {expected}, found {Found(value)}");
        return null;
    }

    /// <summary>A list of non-negative integers, or null after reporting what is wrong.</summary>
    public static int[]? IntList(JsonNode list, InputErrorList errors, string what)
    {
        var result = new int[list.Items.Count];
        for (int i = 0; i < result.Length; i++)
        {
            var item = list.Items[i];
            if (item.Kind != JsonKind.Number || item.Number != Math.Floor(item.Number) || item.Number < 0 || item.Number > int.MaxValue)
            {
                errors.Add(item.Line, $"expected {what} to hold non-negative integers, found {item.KindName}");
                return null;
            }
            result[i] = (int)item.Number;
        }
        return result;
    }
}
