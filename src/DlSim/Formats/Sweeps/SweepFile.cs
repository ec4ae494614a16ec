using System.Globalization;
using DlSim.Formats.Json;
using DlSim.Foundation;
using DlSim.Sweeps;

namespace DlSim.Formats.Sweeps;

/// <summary>
/// The sweep file (JSON): <c>{"name", "base": {FLAG: VALUE, ...}, "axes": [{"flag", "values": [VALUE, ...]}, ...],
/// "cases": [{FLAG: VALUE, ...}, ...]}</c>. A VALUE is a string or number (one argument), a list of them (the flag
/// repeated), true (a bare switch) or false (the switch left out). Flags are <c>simulate</c>'s; the sweep sets the
/// outputs itself, so output flags are refused. Every problem is reported at its line.
/// </summary>
public static class SweepFile
{
    /// <summary>Flags that name outputs, which each case's result replaces.</summary>
    public static readonly string[] OutputFlags = ["--json", "--trace-out", "--trace_out", "--chrome_trace", "--chrome-trace", "--plot", "--plot-format", "--name"];

    public static SweepSpec Read(string path) => Parse(JsonNode.ParseFile(path), path);

    public static SweepSpec Parse(JsonNode root, string file)
    {
        var sweep = JsonObjectFile.Of(root, file, "a sweep object {\"base\", \"axes\", \"cases\"}", "the sweep");
        var (errors, fields) = (sweep.Errors, sweep.Fields);
        fields.RejectUnknown("name", "base", "axes", "cases");
        string name = root.Get("name") is { Kind: JsonKind.String } n ? n.Text! : Path.GetFileNameWithoutExtension(file);
        var baseSettings = root.Get("base") is { } b ? Settings(b, errors, "\"base\"") : [];
        var axes = new List<SweepAxis>();
        if (root.Get("axes") is { } axesNode)
        {
            if (axesNode.Kind != JsonKind.Array) errors.Add(axesNode.Line, $"expected \"axes\" to be a list of {{\"flag\", \"values\"}}, found {axesNode.KindName}");
            else foreach (var a in axesNode.Items) if (Axis(a, errors) is { } axis) axes.Add(axis);
        }
        var cases = new List<IReadOnlyList<SweepSetting>>();
        if (root.Get("cases") is { } casesNode)
        {
            if (casesNode.Kind != JsonKind.Array) errors.Add(casesNode.Line, $"expected \"cases\" to be a list of {{FLAG: VALUE}} objects, found {casesNode.KindName}");
            else foreach (var c in casesNode.Items) cases.Add(Settings(c, errors, "a case"));
        }
        foreach (var dup in axes.GroupBy(a => a.Flag).Where(g => g.Count() > 1))
            errors.Add(dup.Skip(1).First().Line, $"expected each flag on one axis, found {dup.Key} on {dup.Count()}");
        var spec = new SweepSpec(name, baseSettings, axes, cases);
        if (axes.Count > 0 && spec.ProductSize() > SweepSpec.MaxCases)
            errors.Add(axes[0].Line, $"expected at most {SweepSpec.MaxCases:N0} cases from the axes, found more");
        errors.ThrowIfAny();
        return spec;
    }

    private static SweepAxis? Axis(JsonNode node, InputErrorList errors)
    {
        if (node.Kind != JsonKind.Object)
        {
            errors.Add(node.Line, $"expected an axis {{\"flag\", \"values\"}}, found {node.KindName}");
            return null;
        }
        var fields = new JsonFields(node, errors, "an axis");
        fields.RejectUnknown("flag", "values");
        string? flag = fields.String("flag");
        var values = fields.List("values");
        if (flag is null || values is null) return null;
        if (!CheckFlag(flag, node.Get("flag")!.Line, errors)) return null;
        if (values.Items.Count == 0)
        {
            errors.Add(values.Line, $"expected at least one value for the axis {flag}, found none");
            return null;
        }
        var settings = values.Items.Select(v => Setting(flag, v, errors)).ToList();
        return settings.Any(s => s is null) ? null : new SweepAxis(flag, settings!, node.Line);
    }

    private static List<SweepSetting> Settings(JsonNode node, InputErrorList errors, string what)
    {
        var list = new List<SweepSetting>();
        if (node.Kind != JsonKind.Object)
        {
            errors.Add(node.Line, $"expected {what} to be an object of FLAG: VALUE, found {node.KindName}");
            return list;
        }
        foreach (var (flag, value) in node.Members)
            if (CheckFlag(flag, value.Line, errors) && Setting(flag, value, errors) is { } s) list.Add(s);
        return list;
    }

    private static bool CheckFlag(string flag, int line, InputErrorList errors)
    {
        if (!flag.StartsWith('-') || flag.Length < 2 || flag.Any(char.IsWhiteSpace))
        {
            errors.Add(line, $"expected a flag such as \"--routing\", found \"{Short(flag)}\"");
            return false;
        }
        if (OutputFlags.Contains(flag))
        {
            errors.Add(line, $"expected no output flag (the sweep writes each case's results itself), found {flag}");
            return false;
        }
        return true;
    }

    private static SweepSetting? Setting(string flag, JsonNode value, InputErrorList errors)
    {
        switch (value.Kind)
        {
            case JsonKind.Bool:
                return new SweepSetting(flag, [], Absent: !value.Bool, value.Line);
            case JsonKind.String or JsonKind.Number:
                return new SweepSetting(flag, [Scalar(value)], Line: value.Line);
            case JsonKind.Array when value.Items.All(i => i.Kind is JsonKind.String or JsonKind.Number) && value.Items.Count > 0:
                return new SweepSetting(flag, value.Items.Select(Scalar).ToArray(), Line: value.Line);
            default:
                errors.Add(value.Line, $"expected a value of {flag}: a string, a number, a list of them, true or false, found {value.KindName}");
                return null;
        }
    }

    private static string Scalar(JsonNode v) => v.Kind == JsonKind.String ? v.Text! : v.Number.ToString("R", CultureInfo.InvariantCulture);

    private static string Short(string s) => s.Length <= 40 ? s : s[..40] + "…";
}
