using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace DlSim.Tests.Io;

/// <summary>
/// The rules the original Python tool applies when it loads a workload CSV or a placement JSON, written out here on
/// their own — no DLSIM reader is used — so a test can tell whether a file DLSIM wrote would load there.
/// Each rule is numbered; a broken rule is reported as "RULE: what was found".
/// <para>Workload CSV (read with Python's csv module, then converted field by field):</para>
/// <list type="bullet">
/// <item>W1 the first row has exactly 6 fields: model_num, total_rate_hz, proportions, duration_s, slos_s, name.</item>
/// <item>W2 model_num is a Python int (decimal digits).</item>
/// <item>W3 total_rate_hz is a Python float and &gt; 0.</item>
/// <item>W4 proportions is a list literal of numbers, model_num of them, whose sum — left to right, in doubles — is exactly 1.</item>
/// <item>W5 duration_s is a Python float and &gt; 0.</item>
/// <item>W6 slos_s is a list literal of numbers, model_num of them.</item>
/// <item>W7 every later row has exactly 2 fields: an int model id and a float arrival time.</item>
/// <item>W8 every model id is in [0, model_num): running the workload looks up its SLO by the id.</item>
/// <item>W9 arrivals do not go back in time (the format's rule; the tool sends requests in file order).</item>
/// Numbers must also be finite: Python's float() takes "inf" and "nan", but no run means anything with them.
/// </list>
/// <para>Placement JSON (json.load, then one mesh executor per element):</para>
/// <list type="bullet">
/// <item>P1 the document is a JSON array of objects.</item>
/// <item>P2 each has string service_name, model_name, executable_name, and an array mesh_group.</item>
/// <item>P3 each mesh has an array of int node_ids and an array devices of int arrays, as many as node ids.</item>
/// <item>P4 every node id is a node of the cluster and every GPU id a GPU of a node (0 ≤ id &lt; count).</item>
/// <item>P5 model_name and executable_name name an executable of the tool's built-in catalog, and each mesh's shape
/// (nodes, GPUs per node) is that executable's stage shape, one mesh per stage.</item>
/// </list>
/// </summary>
public static partial class OriginalToolRules
{
    /// <summary>The executables the original tool knows (model → executable → stage shapes), from the reference data's README.</summary>
    public static readonly IReadOnlyDictionary<string, IReadOnlyDictionary<string, (int Nodes, int Gpus)[]>> Catalog =
        new Dictionary<string, IReadOnlyDictionary<string, (int, int)[]>>
        {
            ["Bert_125M"] = new Dictionary<string, (int, int)[]>
            {
                ["Bert_125M_1_device"] = [(1, 1)],
                ["Bert_125M_2_device_intra"] = [(1, 2)],
                ["Bert_125M_2_device_inter"] = [(1, 1), (1, 1)],
            },
            ["Bert_2.6B"] = new Dictionary<string, (int, int)[]>
            {
                ["Bert_2.6B_1_device"] = [(1, 1)],
                ["Bert_2.6B_2_device_intra"] = [(1, 2)],
                ["Bert_2.6B_2_device_inter"] = [(1, 1), (1, 1)],
                ["Bert_2.6B_4_device_inter"] = [(1, 1), (1, 1), (1, 1), (1, 1)],
            },
        };

    /// <summary>Every rule the workload file breaks (empty: the original tool loads it).</summary>
    public static List<string> WorkloadProblems(string path)
    {
        var problems = new List<string>();
        var rows = CsvRows(File.ReadAllText(path, Encoding.UTF8), problems);
        if (rows.Count == 0) { problems.Add("W1: no header row"); return problems; }
        var h = rows[0];
        if (h.Count != 6) { problems.Add($"W1: {h.Count} header fields"); return problems; }
        if (!IsPythonInt(h[0], out long models)) problems.Add($"W2: model_num \"{h[0]}\"");
        if (!IsFiniteFloat(h[1], out double rate) || !(rate > 0)) problems.Add($"W3: total_rate_hz \"{h[1]}\"");
        var proportions = NumberList(h[2]);
        if (proportions is null || proportions.Count != models) problems.Add($"W4: proportions \"{h[2]}\" for {models} models");
        else
        {
            double sum = 0;
            foreach (double p in proportions) sum += p;
            if (sum != 1) problems.Add($"W4: proportions {h[2]} sum to {sum:R}, not exactly 1");
        }
        if (!IsFiniteFloat(h[3], out double duration) || !(duration > 0)) problems.Add($"W5: duration_s \"{h[3]}\"");
        var slos = NumberList(h[4]);
        if (slos is null || slos.Count != models) problems.Add($"W6: slos_s \"{h[4]}\" for {models} models");
        double previous = double.NegativeInfinity;
        for (int i = 1; i < rows.Count && problems.Count < 10; i++)
        {
            var r = rows[i];
            if (r.Count != 2 || !IsPythonInt(r[0], out long model) || !IsFiniteFloat(r[1], out double arrival))
            { problems.Add($"W7: row {i + 1} is \"{string.Join(",", r)}\""); continue; }
            if (model < 0 || model >= models) problems.Add($"W8: row {i + 1} model id {model} of {models} models");
            if (arrival < previous) problems.Add($"W9: row {i + 1} arrival {r[1]} before {previous:R}");
            previous = arrival;
        }
        return problems;
    }

    /// <summary>Every rule the placement file breaks on a cluster of <paramref name="nodes"/> × <paramref name="gpusPerNode"/>.</summary>
    public static List<string> PlacementProblems(string path, int nodes, int gpusPerNode)
    {
        var problems = new List<string>();
        using var doc = JsonDocument.Parse(File.ReadAllText(path));
        if (doc.RootElement.ValueKind != JsonValueKind.Array) { problems.Add("P1: not an array"); return problems; }
        int index = 0;
        foreach (var e in doc.RootElement.EnumerateArray())
        {
            string at = $"element {index++}";
            if (e.ValueKind != JsonValueKind.Object) { problems.Add($"P1: {at} is not an object"); continue; }
            string? model = Text(e, "model_name"), executable = Text(e, "executable_name");
            if (Text(e, "service_name") is null || model is null || executable is null
                || !e.TryGetProperty("mesh_group", out var group) || group.ValueKind != JsonValueKind.Array)
            { problems.Add($"P2: {at} lacks a field"); continue; }
            var shapes = new List<(int, int)>();
            foreach (var mesh in group.EnumerateArray())
            {
                var nodeIds = IntArray(mesh, "node_ids");
                var devices = mesh.ValueKind == JsonValueKind.Object && mesh.TryGetProperty("devices", out var d) && d.ValueKind == JsonValueKind.Array
                    ? d.EnumerateArray().Select(x => IntArray(x)).ToList() : null;
                if (nodeIds is null || devices is null || devices.Any(x => x is null) || devices.Count != nodeIds.Count || nodeIds.Count == 0)
                { problems.Add($"P3: {at} has a malformed mesh"); continue; }
                if (nodeIds.Any(n => n < 0 || n >= nodes) || devices.Any(g => g!.Any(x => x < 0 || x >= gpusPerNode)))
                    problems.Add($"P4: {at} names a node or GPU outside {nodes} × {gpusPerNode}");
                shapes.Add((nodeIds.Count, devices[0]!.Count));
            }
            if (!Catalog.TryGetValue(model, out var executables) || !executables.TryGetValue(executable, out var stages))
                problems.Add($"P5: {at}: {model}/{executable} is not in the tool's catalog");
            else if (!stages.SequenceEqual(shapes))
                problems.Add($"P5: {at}: mesh shapes {string.Join(" ", shapes)} are not {executable}'s {string.Join(" ", stages)}");
        }
        return problems;
    }

    private static string? Text(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static List<long>? IntArray(JsonElement e, string? name = null)
    {
        if (name is not null && (e.ValueKind != JsonValueKind.Object || !e.TryGetProperty(name, out e))) return null;
        if (e.ValueKind != JsonValueKind.Array) return null;
        var values = new List<long>();
        foreach (var x in e.EnumerateArray())
        {
            if (x.ValueKind != JsonValueKind.Number || !x.TryGetInt64(out long v)) return null;
            values.Add(v);
        }
        return values;
    }

    /// <summary>Python's int(): optional sign and surrounding blanks, decimal digits (underscores between digits).</summary>
    private static bool IsPythonInt(string text, out long value) =>
        PythonIntSyntax().IsMatch(text) & long.TryParse(text.Trim().Replace("_", ""), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value);

    /// <summary>Python's float() on a finite decimal number.</summary>
    private static bool IsFiniteFloat(string text, out double value) =>
        PythonFloatSyntax().IsMatch(text) & double.TryParse(text.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out value) && double.IsFinite(value);

    /// <summary>"[a, b, …]" of numbers, as the tool reads it (a Python list literal); null when it is anything else.</summary>
    private static List<double>? NumberList(string text)
    {
        string t = text.Trim();
        if (t.Length < 2 || t[0] != '[' || t[^1] != ']') return null;
        string inner = t[1..^1].Trim();
        var values = new List<double>();
        if (inner.Length == 0) return values;
        foreach (string item in inner.Split(','))
        {
            if (!IsFiniteFloat(item, out double v)) return null;
            values.Add(v);
        }
        return values;
    }

    /// <summary>Rows as Python's csv.reader (default dialect, file opened with newline='') gives them.</summary>
    private static List<List<string>> CsvRows(string text, List<string> problems)
    {
        var rows = new List<List<string>>();
        var row = new List<string>();
        var field = new StringBuilder();
        bool quoted = false, fieldStarted = false;
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (quoted)
            {
                if (c != '"') field.Append(c);
                else if (i + 1 < text.Length && text[i + 1] == '"') { field.Append('"'); i++; }
                else quoted = false;
            }
            else if (c == '"' && field.Length == 0) { quoted = true; fieldStarted = true; }
            else if (c == ',') { row.Add(field.ToString()); field.Clear(); fieldStarted = true; }
            else if (c is '\r' or '\n')
            {
                if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n') i++;
                if (fieldStarted || field.Length > 0 || row.Count > 0) row.Add(field.ToString());
                rows.Add(row);
                row = [];
                field.Clear();
                fieldStarted = false;
            }
            else { field.Append(c); fieldStarted = true; }
        }
        if (quoted) problems.Add("W1: a quoted field is not closed");
        if (fieldStarted || field.Length > 0 || row.Count > 0) { row.Add(field.ToString()); rows.Add(row); }
        return rows;
    }

    [GeneratedRegex(@"^\s*[+-]?\d+(_\d+)*\s*$")]
    private static partial Regex PythonIntSyntax();

    [GeneratedRegex(@"^\s*[+-]?(\d+(_\d+)*(\.(\d+(_\d+)*)?)?|\.\d+(_\d+)*)([eE][+-]?\d+(_\d+)*)?\s*$")]
    private static partial Regex PythonFloatSyntax();
}
