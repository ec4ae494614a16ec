using DlSim.Foundation;

namespace DlSim.Formats.Json;

/// <summary>
/// A file holding one JSON object, the opening every such reader shares: the document parsed (malformed JSON is
/// refused at its line), checked to be an object, one error list for the whole file and typed reads of the
/// object's fields. Readers add their own checks to <see cref="Errors"/> and end with <see cref="ThrowIfAny"/>.
/// </summary>
public sealed class JsonObjectFile
{
    public string Path { get; }
    public JsonNode Root { get; }
    public InputErrorList Errors { get; }

    /// <summary>The top object's fields.</summary>
    public JsonFields Fields { get; }

    private JsonObjectFile(string path, JsonNode root, JsonFields fields, InputErrorList errors)
    {
        Path = path; Root = root; Fields = fields; Errors = errors;
    }

    /// <param name="shape">What the document should be, as in "expected SHAPE, found a list".</param>
    /// <param name="what">Where the top fields are, said after a missing one ("in the model config"); null says nothing.</param>
    /// <param name="found">How a wrong value is named (<see cref="JsonFields.Found"/>).</param>
    public static JsonObjectFile Read(string path, string shape, string? what = null, Func<JsonNode, string>? found = null) =>
        Of(JsonNode.ParseFile(path), path, shape, what, found);

    /// <summary>As <see cref="Read"/>, for a document already parsed.</summary>
    public static JsonObjectFile Of(JsonNode root, string path, string shape, string? what = null, Func<JsonNode, string>? found = null)
    {
        if (root.Kind != JsonKind.Object) throw new InputException(path, root.Line, $"expected {shape}, found {root.KindName}");
        var errors = new InputErrorList(path);
        var fields = found is null ? new JsonFields(root, errors, what) : new JsonFields(root, errors, what) { Found = found };
        return new JsonObjectFile(path, root, fields, errors);
    }

    /// <summary>Typed reads of a nested object, reporting to this file's errors.</summary>
    public JsonFields FieldsOf(JsonNode node, string? what = null) => new(node, Errors, what);

    /// <summary>Throws every problem found so far as one <see cref="InputException"/>.</summary>
    public void ThrowIfAny() => Errors.ThrowIfAny();
}
