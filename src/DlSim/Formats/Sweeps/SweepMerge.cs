using System.Text;
using System.Text.Json;
using DlSim.Foundation;

using DlSim.Sweeps;

namespace DlSim.Formats.Sweeps;

/// <summary>
/// A sweep's results as one table: a row per case in index order — <c>index</c>, <c>id</c>, each swept flag's value,
/// then every figure of the case's <c>simulate</c> JSON, flattened (<c>overall.p99_s</c>, <c>model0.attainment</c>,
/// <c>node0.gpu1.utilization</c>, <c>replica2.completed</c>). Numbers are kept as written in the case files, so the
/// table is byte-identical whichever shards, job counts or completion order produced them.
/// </summary>
public sealed record SweepTable(IReadOnlyList<string> Columns, IReadOnlyList<string?[]> Rows)
{
    public static SweepTable Merge(IReadOnlyList<string> folders, bool partial)
    {
        if (folders.Count == 0) throw new InputException("sweep merge", 0, "expected at least one sweep folder, found none");
        SweepManifest? manifest = null;
        string? manifestFolder = null;
        var files = new Dictionary<string, string>();
        var duplicates = new List<string>();
        foreach (string folder in folders)
        {
            string file = Path.Combine(folder, SweepFolder.ManifestName);
            if (!File.Exists(file)) throw new InputException(folder, 0, $"expected a sweep folder with a {SweepFolder.ManifestName}, found none");
            var m = SweepManifest.Read(file);
            if (manifest is null) { manifest = m; manifestFolder = folder; }
            else if (!manifest.Ids.SequenceEqual(m.Ids))
                throw new InputException(folder, 0, $"expected the cases of the sweep in {manifestFolder} (\"{manifest.Name}\"), found another sweep's (\"{m.Name}\")");
            string cases = Path.Combine(folder, "cases");
            if (!Directory.Exists(cases)) continue;
            foreach (string caseFile in Directory.EnumerateFiles(cases, "*.json"))
            {
                string id = Path.GetFileNameWithoutExtension(caseFile);
                if (!files.TryAdd(id, caseFile)) duplicates.Add(id);
            }
        }
        var ids = manifest!.Ids;
        var known = ids.ToHashSet();
        var errors = new InputErrorList(folders[0]);
        foreach (string stray in files.Keys.Where(k => !known.Contains(k)).Order().Take(5))
            errors.Add(0, $"expected only this sweep's case files, found cases/{stray}.json");
        if (duplicates.Count > 0)
            errors.Add(0, $"expected each case in one folder, found {duplicates.Count} in several: {List(duplicates.Order())}");
        var missing = ids.Select((id, i) => (id, i)).Where(p => !files.ContainsKey(p.id)).ToList();
        if (missing.Count > 0 && !partial)
            errors.Add(0, $"expected all {ids.Count} cases, found {missing.Count} missing (indices {List(missing.Select(p => p.i.ToString(System.Globalization.CultureInfo.InvariantCulture)))}); run them, or merge with --partial");
        errors.ThrowIfAny();

        var columns = new List<string> { "index", "id" };
        columns.AddRange(manifest.Varied.Select(f => f.TrimStart('-')));
        var columnIndex = columns.Select((c, i) => (c, i)).ToDictionary(p => p.c, p => p.i);
        var cells = new List<Dictionary<int, string?>>();
        for (int i = 0; i < ids.Count; i++)
        {
            if (!files.TryGetValue(ids[i], out string? file)) continue;
            cells.Add(Row(file, i, ids[i], manifest, columns, columnIndex));
        }
        var rows = cells.Select(r => Enumerable.Range(0, columns.Count).Select(c => r.GetValueOrDefault(c)).ToArray()).ToArray();
        return new SweepTable(columns, rows);
    }

    private static Dictionary<int, string?> Row(string file, int index, string id, SweepManifest manifest, List<string> columns, Dictionary<string, int> columnIndex)
    {
        JsonDocument doc;
        try { doc = JsonDocument.Parse(File.ReadAllBytes(file)); }
        catch (JsonException) { throw new InputException(file, 0, "expected a case file written by sweep run, found damaged JSON"); }
        using (doc)
        {
            var root = doc.RootElement;
            if (!root.TryGetProperty("index", out var ix) || ix.GetInt32() != index || !root.TryGetProperty("result", out var result))
                throw new InputException(file, 0, $"expected the result of case {index} ({id}), found another file");
            var row = new Dictionary<int, string?>
            {
                [0] = index.ToString(System.Globalization.CultureInfo.InvariantCulture),
                [1] = id,
            };
            if (root.TryGetProperty("varied", out var varied))
                foreach (var flag in manifest.Varied)
                    if (varied.TryGetProperty(flag, out var v)) row[columnIndex[flag.TrimStart('-')]] = v.GetString();
            foreach (var (name, value) in Flatten(result, ""))
            {
                if (!columnIndex.TryGetValue(name, out int c)) { c = columns.Count; columns.Add(name); columnIndex[name] = c; }
                row[c] = value;
            }
            return row;
        }
    }

    /// <summary>Every number or boolean of a result, by dotted name; list entries named by their ids (model, node and GPU, replica).</summary>
    private static IEnumerable<(string Name, string? Value)> Flatten(JsonElement e, string prefix)
    {
        switch (e.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var x in Members(e, prefix, skipKeys: false)) yield return x;
                break;
            case JsonValueKind.Array:
                // A list of entries is named by each entry's ids in place of the list's own name; lists of plain values
                // (timelines) stay out of the table.
                string parent = prefix.Contains('.') ? prefix[..(prefix.LastIndexOf('.') + 1)] : "";
                foreach (var item in e.EnumerateArray())
                {
                    if (ItemKey(item) is not string key) yield break;
                    foreach (var x in Members(item, parent + key, skipKeys: true)) yield return x;
                }
                break;
            case JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False: yield return (prefix, e.GetRawText()); break;
            case JsonValueKind.Null: yield return (prefix, null); break;
        }
    }

    /// <summary>An object's members flattened under <paramref name="prefix"/>, leaving out an entry's key fields.</summary>
    private static IEnumerable<(string Name, string? Value)> Members(JsonElement e, string prefix, bool skipKeys)
    {
        foreach (var p in e.EnumerateObject())
        {
            if (skipKeys && KeyFields.Contains(p.Name)) continue;
            foreach (var x in Flatten(p.Value, prefix.Length == 0 ? p.Name : prefix + "." + p.Name)) yield return x;
        }
    }

    private static readonly string[] KeyFields = ["model_id", "node", "gpu", "replica"];

    private static string? ItemKey(JsonElement item)
    {
        if (item.ValueKind != JsonValueKind.Object) return null;
        if (item.TryGetProperty("model_id", out var m)) return "model" + m.GetRawText();
        if (item.TryGetProperty("replica", out var r)) return "replica" + r.GetRawText();
        if (item.TryGetProperty("node", out var n) && item.TryGetProperty("gpu", out var g)) return $"node{n.GetRawText()}.gpu{g.GetRawText()}";
        return null;
    }

    private static string List(IEnumerable<string> items)
    {
        var list = items.ToList();
        return list.Count <= 10 ? string.Join(", ", list) : $"{string.Join(", ", list.Take(10))}, … ({list.Count} in all)";
    }

    /// <summary>The table as CSV (comma-separated, header row, values quoted only when they must be, LF line ends).</summary>
    public void WriteCsv(Stream stream)
    {
        using var w = new StreamWriter(stream, new UTF8Encoding(false), 1 << 16, leaveOpen: true) { NewLine = "\n" };
        w.WriteLine(string.Join(",", Columns.Select(Quote)));
        foreach (var row in Rows) w.WriteLine(string.Join(",", row.Select(c => c is null ? "" : Quote(c))));
    }

    private static string Quote(string s) =>
        s.IndexOfAny([',', '"', '\n', '\r']) < 0 ? s : "\"" + s.Replace("\"", "\"\"") + "\"";
}
