using System.Globalization;
using DlSim.Foundation;
using DlSim.Model;

namespace DlSim.Search;

/// <summary>
/// Which profile model serves each workload model id: <c>0=Bert_2.6B,1=Bert_1.3B</c>, ranges <c>0-7=Bert_1.3B</c>, or
/// <c>@FILE</c> with such pairs one or more per line (blank lines and # comments ignored).
/// </summary>
public static class ModelAssignment
{
    public const string Flag = "--models";

    /// <summary>Parses every value given (the flag may repeat) into model id → profile model name.</summary>
    public static Dictionary<int, string> Parse(IEnumerable<string> values)
    {
        var map = new Dictionary<int, string>();
        foreach (string value in values)
        {
            if (!value.StartsWith('@')) { AddPairs(map, value, Flag, 0); continue; }
            string path = value[1..];
            if (!File.Exists(path)) throw new InputException(path, 0, "expected an existing --models file, found none");
            var lines = File.ReadAllLines(path);
            for (int i = 0; i < lines.Length; i++)
            {
                string line = lines[i].Trim().TrimStart('\uFEFF');
                if (line.Length == 0 || line.StartsWith('#')) continue;
                AddPairs(map, line, path, i + 1);
            }
        }
        return map;
    }

    private static void AddPairs(Dictionary<int, string> map, string text, string source, int line)
    {
        foreach (string part in text.Split(',', StringSplitOptions.TrimEntries))
        {
            int eq = part.IndexOf('=');
            string ids = eq > 0 ? part[..eq].Trim() : "";
            string model = eq > 0 ? part[(eq + 1)..].Trim() : "";
            if (!TryRange(ids, out int from, out int to) || model.Length == 0)
                throw new InputException(source, line, $"expected ID=MODEL or FIRST-LAST=MODEL pairs separated by commas, found \"{Cut(part)}\"");
            for (int id = from; id <= to; id++)
                if (!map.TryAdd(id, model))
                    throw new InputException(source, line, $"expected each workload model id once, found model {id} again");
        }
    }

    /// <summary>"3" or "0-7": the first and last workload model id (at most a million of them).</summary>
    private static bool TryRange(string text, out int from, out int to)
    {
        int dash = text.IndexOf('-');
        string first = dash < 0 ? text : text[..dash], last = dash < 0 ? text : text[(dash + 1)..];
        to = 0;
        return int.TryParse(first, NumberStyles.None, CultureInfo.InvariantCulture, out from) &&
               int.TryParse(last, NumberStyles.None, CultureInfo.InvariantCulture, out to) && from <= to && to - from < 1_000_000;
    }

    /// <summary>
    /// The profile model of each workload model id 0 … <paramref name="modelCount"/> − 1, every one named and known to the
    /// catalog; otherwise bad input naming the first id or model at fault.
    /// </summary>
    public static string[] Resolve(Dictionary<int, string> map, int modelCount, ModelCatalog catalog, string workloadFile)
    {
        var known = catalog.Executables.Select(e => e.ModelName).Distinct().ToArray();
        var errors = new InputErrorList(Flag);
        var result = new string[modelCount];
        var missing = new List<int>();
        var unknown = new Dictionary<string, List<int>>();
        for (int m = 0; m < modelCount; m++)
        {
            if (!map.TryGetValue(m, out var name)) missing.Add(m);
            else if (!known.Contains(name)) (unknown.TryGetValue(name, out var ids) ? ids : unknown[name] = []).Add(m);
            else result[m] = name;
        }
        if (missing.Count > 0)
            errors.Add(0, $"expected a profile model for workload model{(missing.Count > 1 ? "s" : "")} {Ids(missing)} of {workloadFile} (e.g. {missing[0]}={known.FirstOrDefault() ?? "MODEL"}), found none");
        foreach (var (name, ids) in unknown)
            errors.Add(0, $"expected a model of the catalog ({string.Join(", ", known)}) for workload model{(ids.Count > 1 ? "s" : "")} {Ids(ids)}, found \"{Cut(name)}\"");
        foreach (int id in map.Keys.Where(k => k >= modelCount).Order().Take(1))
            errors.Add(0, $"expected workload model ids below {modelCount} (the models of {workloadFile}), found {id}");
        errors.ThrowIfAny();
        return result;
    }

    /// <summary>"3, 4, 5" or "3, 4, 5, … (12 in all)".</summary>
    private static string Ids(List<int> ids) =>
        ids.Count <= 6 ? string.Join(", ", ids) : $"{string.Join(", ", ids.Take(5))}, … ({ids.Count} in all)";

    private static string Cut(string s) => s.Length <= 60 ? s : s[..60] + "…";
}
