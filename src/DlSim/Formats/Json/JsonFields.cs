using DlSim.Foundation;

namespace DlSim.Formats.Json;

/// <summary>Typed reads of a <see cref="JsonNode"/> object's fields that report problems instead of throwing.</summary>
public sealed class JsonFields
{
    private readonly JsonNode _node;
    private readonly InputErrorList _errors;
    private readonly string _what;

    public JsonFields(JsonNode node, InputErrorList errors, string what)
    {
        _node = node; _errors = errors; _what = what;
    }

    /// <summary>Reports any member not in <paramref name="known"/> (typos should not pass silently).</summary>
    public void RejectUnknown(params string[] known)
    {
        foreach (var m in _node.Members)
            if (Array.IndexOf(known, m.Key) < 0)
                _errors.Add(m.Value.Line, $"expected only the fields {string.Join(", ", known)} in {_what}, found unknown field \"{m.Key}\"");
    }

    public JsonNode? Required(string name, JsonKind kind, string kindName)
    {
        var value = _node.Get(name);
        if (value is null)
        {
            _errors.Add(_node.Line, $"expected field \"{name}\" ({kindName}) in {_what}, found it missing");
            return null;
        }
        if (value.Kind != kind)
        {
            _errors.Add(value.Line, $"expected \"{name}\" to be {kindName}, found {value.KindName}");
            return null;
        }
        return value;
    }

    public string? String(string name) => Required(name, JsonKind.String, "a string")?.Text;

    public JsonNode? List(string name) => Required(name, JsonKind.Array, "a list")?.Kind == JsonKind.Array ? _node.Get(name) : null;

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
