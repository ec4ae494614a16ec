using System.Globalization;
using DlSim.Foundation;
using DlSim.Llm;

namespace DlSim.Formats.LlmProfiles;

/// <summary>The skew fit of a profile: bucket edges and default α from <c>meta.yaml</c> (skew_fit block), α per bucket from <c>tpN/skew_fit.csv</c>.</summary>
internal static class SkewFit
{
    public static SkewCorrection? Read(string tpFolder)
    {
        string meta = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(tpFolder))!, "meta.yaml");
        string csv = Path.Combine(tpFolder, "skew_fit.csv");
        if (!File.Exists(meta) || !File.Exists(csv)) return null;
        var lines = Formats.Files.InputFiles.ReadAllLines(meta, "profile meta file");
        int start = lines.FindIndex(l => l.StartsWith("skew_fit:", StringComparison.Ordinal));
        if (start < 0) return null;
        int stop = lines.FindIndex(start + 1, l => l.Length > 0 && !char.IsWhiteSpace(l[0]));
        if (stop < 0) stop = lines.Count;
        var block = lines.GetRange(start + 1, stop - start - 1);
        if (!block.Any(l => l.Trim() == "enabled: true")) return null;
        double[] Bins(string key)
        {
            int i = block.FindIndex(l => l.TrimStart().StartsWith(key + ":", StringComparison.Ordinal));
            if (i < 0) throw new InputException(meta, start + 1, $"expected \"{key}\" in the skew_fit block, found it missing");
            string text = block[i].Split(':', 2)[1].Trim().Trim('[', ']');
            var parts = text.Split(',');
            var edges = new double[parts.Length];
            for (int k = 0; k < parts.Length; k++)
                if (!double.TryParse(parts[k], NumberStyles.Float, CultureInfo.InvariantCulture, out edges[k]) || !double.IsFinite(edges[k]) || (k > 0 && edges[k] <= edges[k - 1]))
                    throw new InputException(meta, start + 2 + i, $"expected \"{key}\" to be a list of finite numbers in increasing order, found {ErrorText.Quote(text)}");
            return edges;
        }
        double[] nBins = Bins("n_bins"), rateBins = Bins("skew_rate_bins"), kvBins = Bins("kv_big_bins"), kpBins = Bins("kp_bins");
        string[] nLabels = Labels(block, "n_labels", meta, start), rateLabels = Labels(block, "skew_rate_labels", meta, start),
            kvLabels = Labels(block, "kv_big_labels", meta, start), kpLabels = Labels(block, "kp_labels", meta, start);
        string tp = Path.GetFileName(Path.GetFullPath(tpFolder).TrimEnd(Path.DirectorySeparatorChar))[2..];
        double alphaDefault = 0;
        int tpLine = block.FindIndex(l => l.Trim() == $"{tp}:");
        if (tpLine >= 0)
        {
            int a = block.FindIndex(tpLine, l => l.TrimStart().StartsWith("alpha_default:", StringComparison.Ordinal));
            string text = a < 0 ? "0" : block[a].Split(':', 2)[1].Trim();
            if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out alphaDefault) || !double.IsFinite(alphaDefault))
                throw new InputException(meta, start + 2 + a, $"expected \"alpha_default\" to be a finite number, found {ErrorText.Quote(text)}");
        }
        var alphas = new Dictionary<(int, int, int, int, int), double>();
        var pcs = new SortedSet<double>();
        LayerProfileFolder.ReadCsv(csv, ["pc", "n_label", "skew_rate_label", "kv_big_label", "kp_label", "alpha", "n_samples"], (line, f) =>
        {
            int pc = (int)LayerProfileFolder.Number(csv, line, "pc", f[0], 0);
            int Label(string[] labels, string value, string what)
            {
                int i = Array.IndexOf(labels, value);
                if (i < 0) throw new InputException(csv, line, $"expected {what} one of {string.Join(", ", labels)}, found \"{value}\"");
                return i;
            }
            var key = (pc, Label(nLabels, f[1], "n_label"), Label(rateLabels, f[2], "skew_rate_label"), Label(kvLabels, f[3], "kv_big_label"), Label(kpLabels, f[4], "kp_label"));
            alphas[key] = LayerProfileFolder.Number(csv, line, "alpha", f[5], double.MinValue);
            pcs.Add(pc);
        });
        return new SkewCorrection(alphas, alphaDefault, nBins, rateBins, kvBins, kpBins, [.. pcs]);
    }

    private static string[] Labels(List<string> block, string key, string meta, int start)
    {
        int i = block.FindIndex(l => l.TrimStart().StartsWith(key + ":", StringComparison.Ordinal));
        if (i < 0) throw new InputException(meta, start + 1, $"expected \"{key}\" in the skew_fit block, found it missing");
        return [.. block[i].Split(':', 2)[1].Trim().Trim('[', ']').Split(',').Select(t => t.Trim())];
    }
}
