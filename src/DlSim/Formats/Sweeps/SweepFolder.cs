using System.Text;
using System.Text.Json;
using DlSim.Formats.Files;
using DlSim.Formats.Json;
using DlSim.Foundation;

using DlSim.Sweeps;

namespace DlSim.Formats.Sweeps;

/// <summary>
/// A sweep's output folder: <c>sweep.json</c> (the sweep's name, its case ids in order and the swept flags) and
/// <c>cases/ID.json</c>, one file per finished case, written atomically: a case file either is whole or is not there,
/// so a killed run resumes by skipping the cases already there. A folder holding another sweep's cases is refused.
/// </summary>
public sealed class SweepFolder
{
    public const string ManifestName = "sweep.json";
    public string Path { get; }
    public string CasesPath => System.IO.Path.Combine(Path, "cases");

    private SweepFolder(string path) => Path = path;

    /// <summary>Opens (creating it if need be) the folder for this sweep; bad input when it holds another sweep's cases.</summary>
    public static SweepFolder Open(string path, SweepSpec spec, IReadOnlyList<SweepCase> cases)
    {
        var folder = new SweepFolder(path);
        var manifest = Manifest(spec, cases);
        string file = System.IO.Path.Combine(path, ManifestName);
        if (File.Exists(file))
        {
            var existing = SweepManifest.Read(file);
            if (!existing.Ids.SequenceEqual(cases.Select(c => c.Id)))
                throw new InputException(path, 0, $"expected a new folder or one holding this sweep's cases, found the cases of sweep \"{existing.Name}\" ({existing.Ids.Count} cases, {Overlap(existing, cases)} in common); use another -o");
        }
        else if (Directory.Exists(folder.CasesPath) && Directory.EnumerateFiles(folder.CasesPath, "*.json").Any())
            throw new InputException(path, 0, "expected a new folder or one holding this sweep's cases, found case files without a sweep.json; use another -o");
        Directory.CreateDirectory(folder.CasesPath);
        if (!File.Exists(file)) AtomicFile.WriteText(file, manifest);
        return folder;
    }

    private static int Overlap(SweepManifest existing, IReadOnlyList<SweepCase> cases)
    {
        var ids = existing.Ids.ToHashSet();
        return cases.Count(c => ids.Contains(c.Id));
    }

    public string CaseFile(SweepCase c) => System.IO.Path.Combine(CasesPath, c.Id + ".json");

    /// <summary>Whether the case's result file is there (written whole, by the atomic rename).</summary>
    public bool Done(SweepCase c) => File.Exists(CaseFile(c));

    /// <summary>
    /// Writes a finished case: <c>{"index", "id", "arguments", "varied": {FLAG: VALUE}, "result": SIMULATE_JSON}</c>.
    /// </summary>
    public void WriteCase(SweepCase c, string resultJson) => AtomicFile.Write(CaseFile(c), stream =>
    {
        using var doc = JsonDocument.Parse(resultJson);
        JsonDocumentWriter.Write(stream, w =>
        {
            w.WriteStartObject();
            w.WriteNumber("index", c.Index);
            w.WriteString("id", c.Id);
            w.WriteStartArray("arguments");
            foreach (string a in c.Arguments) w.WriteStringValue(a);
            w.WriteEndArray();
            w.WriteStartObject("varied");
            foreach (var s in c.Varied) w.WriteString(s.Flag, s.Display);
            w.WriteEndObject();
            w.WritePropertyName("result");
            doc.RootElement.WriteTo(w);
            w.WriteEndObject();
        });
    });

    private static string Manifest(SweepSpec spec, IReadOnlyList<SweepCase> cases)
    {
        using var buffer = new MemoryStream();
        JsonDocumentWriter.Write(buffer, w =>
        {
            w.WriteStartObject();
            w.WriteString("name", spec.Name);
            w.WriteStartArray("varied");
            foreach (string f in spec.VariedFlags()) w.WriteStringValue(f);
            w.WriteEndArray();
            w.WriteStartArray("ids");
            foreach (var c in cases) w.WriteStringValue(c.Id);
            w.WriteEndArray();
            w.WriteEndObject();
        });
        return Encoding.UTF8.GetString(buffer.ToArray());
    }
}

/// <summary>What a sweep folder's <c>sweep.json</c> says: the sweep's name, swept flags and case ids in index order.</summary>
public sealed record SweepManifest(string Name, IReadOnlyList<string> Varied, IReadOnlyList<string> Ids)
{
    public static SweepManifest Read(string file)
    {
        var root = JsonNode.ParseFile(file);
        var errors = new InputErrorList(file);
        var fields = new JsonFields(root, errors, "a sweep manifest");
        string? name = fields.String("name");
        var varied = fields.List("varied");
        var ids = fields.List("ids");
        errors.ThrowIfAny();
        if (varied!.Items.Any(i => i.Kind != JsonKind.String) || ids!.Items.Any(i => i.Kind != JsonKind.String))
            throw new InputException(file, root.Line, "expected \"varied\" and \"ids\" to be lists of strings, found other values");
        return new SweepManifest(name!, varied.Items.Select(i => i.Text!).ToArray(), ids.Items.Select(i => i.Text!).ToArray());
    }
}
