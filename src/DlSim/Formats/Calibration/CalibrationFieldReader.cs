using DlSim.Analysis.Calibration;
using DlSim.Formats.Json;
using DlSim.Foundation;

namespace DlSim.Formats.Calibration;

/// <summary>Typed reads of one object of a calibration file; every problem goes to the error list and makes <see cref="Failed"/> true.</summary>
internal sealed class FieldReader(JsonNode node, InputErrorList errors, string what)
{
    public JsonFields Fields { get; } = new(node, errors, what);
    public bool Failed { get; private set; }

    public void RejectUnknown(string[] known) => Fields.RejectUnknown(known);

    /// <summary>A finite number meeting <paramref name="valid"/>; <paramref name="fallback"/> when absent (NaN = required).</summary>
    public double Number(string name, double fallback, Func<double, bool> valid, string expected)
    {
        var value = node.Get(name);
        if (value is null)
        {
            if (!double.IsNaN(fallback)) return fallback;
            errors.Add(node.Line, $"expected field \"{name}\" ({expected}) in {what}, found it missing");
            Failed = true;
            return double.NaN;
        }
        if (value.Kind != JsonKind.Number || !double.IsFinite(value.Number) || !valid(value.Number))
        {
            errors.Add(value.Line, $"expected \"{name}\" of {what} to be {expected}, found {value.KindName}");
            Failed = true;
            return double.NaN;
        }
        return value.Number;
    }

    /// <summary>A number meeting <paramref name="valid"/>, or null (NaN: no sample, the seed's figure applies). Required.</summary>
    public double NumberOrNull(string name, Func<double, bool> valid, string expected) =>
        node.Get(name) is { Kind: JsonKind.Null } ? double.NaN : Number(name, double.NaN, valid, expected);

    /// <summary>A list (an error when it is something else; when missing, only if <paramref name="required"/>).</summary>
    public JsonNode? List(string name, bool required = false)
    {
        var value = node.Get(name);
        if (value is null && !required) return null;
        var list = Fields.List(name);
        if (list is null) Failed = true;
        return list;
    }

    public string[]? Strings(string name)
    {
        var list = List(name, required: true);
        if (list is null) return null;
        var result = new string[list.Items.Count];
        for (int i = 0; i < result.Length; i++)
        {
            var item = list.Items[i];
            if (item.Kind != JsonKind.String)
            {
                errors.Add(item.Line, $"expected \"{name}\" of {what} to hold strings, found {item.KindName}");
                Failed = true;
                return null;
            }
            result[i] = item.Text!;
        }
        return result;
    }

    /// <summary>A list of finite numbers each meeting <paramref name="valid"/>.</summary>
    public double[]? Numbers(string name, Func<double, bool> valid, string expected)
    {
        var list = List(name, required: true);
        if (list is null) return null;
        var result = new double[list.Items.Count];
        for (int i = 0; i < result.Length; i++)
        {
            var item = list.Items[i];
            if (item.Kind != JsonKind.Number || !double.IsFinite(item.Number) || !valid(item.Number))
            {
                errors.Add(item.Line, $"expected each of \"{name}\" of {what} to be {expected}, found {item.KindName}");
                Failed = true;
                return null;
            }
            result[i] = item.Number;
        }
        return result;
    }

    /// <summary>Where a figure came from (informational): "fitted" when absent.</summary>
    public string Source(string name)
    {
        var value = node.Get(name);
        if (value is null) return CalibrationSources.Fitted;
        if (value.Kind == JsonKind.String && CalibrationSources.IsKnown(value.Text!)) return value.Text!;
        errors.Add(value.Line, $"expected \"{name}\" of {what} to be fitted, executable, seed or a family name, found {value.KindName}");
        Failed = true;
        return CalibrationSources.Fitted;
    }
}
