using System.Globalization;
using DlSim.Formats.Files;
using DlSim.Formats.Text;
using DlSim.Foundation;
using DlSim.Llm;

namespace DlSim.Formats.LlmProfiles;

/// <summary>
/// Reads a per-layer profile folder (<c>GPU/model/tpN/</c>: dense.csv, attention.csv, per_sequence.csv and, when
/// the profile has a skew fit, skew_fit.csv with its bucket edges in <c>../meta.yaml</c>).
/// </summary>
public static class LayerProfileFolder
{
    /// <summary>The tpN folder for a GPU folder (holding model folders) or a model folder (holding tpN folders) or a tpN folder itself.</summary>
    public static string Resolve(string folder, string model, int tp)
    {
        foreach (var candidate in new[] { folder, Path.Combine(folder, $"tp{tp}"), Path.Combine(folder, model, $"tp{tp}") })
            if (File.Exists(Path.Combine(candidate, "dense.csv"))) return candidate;
        if (!Directory.Exists(folder)) throw new InputException(folder, 0, "expected a profile folder, found none");
        throw new InputException(folder, 0, $"expected a profile for {model} at tensor parallel {tp} ({model}/tp{tp}/dense.csv or tp{tp}/dense.csv), found none");
    }

    public static LlmProfile Read(string tpFolder)
    {
        var dense = ReadOps(Path.Combine(tpFolder, "dense.csv"), "tokens", [.. LlmProfile.LayerOps.Select(o => o.Op), .. LlmProfile.ModelOps]);
        var perSequence = ReadOps(Path.Combine(tpFolder, "per_sequence.csv"), "sequences", [.. LlmProfile.SequenceOps]);
        var attention = ReadAttention(Path.Combine(tpFolder, "attention.csv"));
        var skew = SkewFit.Read(tpFolder);
        return new LlmProfile(dense, perSequence, attention, skew, tpFolder);
    }

    private static Dictionary<string, RaggedGrid> ReadOps(string path, string axis, string[] required)
    {
        var rows = new Dictionary<string, List<double[]>>();
        var firstLine = new Dictionary<string, int>();
        ReadCsv(path, ["layer", axis, "time_us"], (line, f) =>
        {
            string op = f[0];
            if (!rows.TryGetValue(op, out var list)) { rows[op] = list = []; firstLine[op] = line; }
            list.Add([Number(path, line, axis, f[1], 1), Number(path, line, "time_us", f[2], 0)]);
        });
        foreach (string op in required)
            if (!rows.ContainsKey(op)) throw new InputException(path, 0, $"expected rows of operator \"{op}\", found none (a grid hole)");
        // Every operator is measured at the same points: a point one operator lacks is a hole in the grid.
        var all = rows.Values.SelectMany(r => r.Select(p => p[0])).ToHashSet();
        foreach (var (op, list) in rows)
        {
            var have = list.Select(p => p[0]).ToHashSet();
            var missing = all.Where(x => !have.Contains(x)).Order().ToList();
            if (missing.Count > 0)
                throw new InputException(path, firstLine[op], $"expected \"{op}\" measured at every {axis} count of the grid, found a hole at {axis} = {missing[0].ToString(CultureInfo.InvariantCulture)}");
        }
        return rows.ToDictionary(kv => kv.Key, kv => RaggedGrid.Build(kv.Value));
    }

    private static RaggedGrid ReadAttention(string path)
    {
        var points = new List<double[]>();
        ReadCsv(path, ["prefill_chunk", "kv_prefill", "n_decode", "kv_decode", "time_us"], (line, f) =>
            points.Add([Number(path, line, "prefill_chunk", f[0], 0), Number(path, line, "n_decode", f[2], 0),
                Number(path, line, "kv_prefill", f[1], 0), Number(path, line, "kv_decode", f[3], 0), Number(path, line, "time_us", f[4], 0)]));
        // Pure prefill batches and pure decode batches anchor every interpolation.
        if (!points.Any(p => p[0] > 0 && p[1] == 0)) throw new InputException(path, 0, "expected rows of prefill-only batches (n_decode 0), found none (a grid hole)");
        if (!points.Any(p => p[0] == 0 && p[1] > 0)) throw new InputException(path, 0, "expected rows of decode-only batches (prefill_chunk 0), found none (a grid hole)");
        return RaggedGrid.Build(points);
    }

    internal static void ReadCsv(string path, string[] header, Action<int, List<string>> row)
    {
        using var reader = InputFiles.OpenText(path, "profile file");
        string? first = reader.ReadLine();
        if (first is null || first.Trim() != string.Join(",", header))
            throw new InputException(path, 1, $"expected the header {string.Join(",", header)}, found {(first is null ? "an empty file" : $"\"{first.Trim()}\"")}");
        int rows = 0;
        while (reader.ReadLine() is string text)
        {
            if (text.Length == 0) continue;
            var fields = CsvLine.Split(text);
            if (fields is null || fields.Count != header.Length)
                throw new InputException(path, reader.Line, $"expected {header.Length} fields, found {fields?.Count.ToString(CultureInfo.InvariantCulture) ?? "an open quote"}");
            row(reader.Line, fields);
            rows++;
        }
        if (rows == 0) throw new InputException(path, 0, "expected measurement rows, found none");
    }

    internal static double Number(string path, int line, string what, string text, double min)
    {
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) || !double.IsFinite(v) || v < min)
            throw new InputException(path, line, $"expected {what} to be a number ≥ {min.ToString(CultureInfo.InvariantCulture)}, found \"{text}\"");
        return v;
    }
}
