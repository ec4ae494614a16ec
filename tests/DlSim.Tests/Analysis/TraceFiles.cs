using System.Text.Json;
using System.Text.Json.Nodes;
using Xunit;
using DlSim.Tests.Parity;

namespace DlSim.Tests.Analysis;

/// <summary>The parity rows that have a real trace, and temporary copies of traces with one thing broken.</summary>
public static class TraceFiles
{
    /// <summary>Indices into <see cref="ParityCase.All"/> of the five rows with a real trace.</summary>
    public static TheoryData<int> Rows() =>
        new(Enumerable.Range(0, ParityCase.All.Length).Where(i => ParityCase.All[i].Trace is not null));

    public static string TracePath(ParityCase c) => ReferenceData.Trace(c.Trace!);

    /// <summary>Writes the reference trace, changed by <paramref name="edit"/>, indented (one value per line) into <paramref name="dir"/>.</summary>
    public static string Edited(ParityCase c, TempDir dir, string name, Action<JsonObject> edit)
    {
        var root = JsonNode.Parse(File.ReadAllText(TracePath(c)))!.AsObject();
        edit(root);
        string path = Path.Combine(dir.Path, name);
        File.WriteAllText(path, root.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        return path;
    }

    /// <summary>1-based line of the first line containing <paramref name="text"/>.</summary>
    public static int LineOf(string path, string text, int occurrence = 1)
    {
        var lines = File.ReadAllLines(path);
        for (int i = 0; i < lines.Length; i++)
            if (lines[i].Contains(text, StringComparison.Ordinal) && --occurrence == 0) return i + 1;
        throw new InvalidOperationException($"\"{text}\" not in {path}");
    }

    /// <summary>Removes entry <paramref name="j"/> of model <paramref name="model"/> from every aligned list.</summary>
    public static void DropEntry(JsonObject root, string model, int j)
    {
        var m = root[model]!.AsObject();
        foreach (var list in new[] { "rq_id", "arrive", "e2e_latency" }) m[list]!.AsArray().RemoveAt(j);
        foreach (var stage in m["stage_exec_info"]!.AsArray()) stage!.AsArray().RemoveAt(j);
    }
}
