using DlSim.Io;
using DlSim.Model.Profiles;

namespace DlSim.Model;

/// <summary>The executables a simulation may place, by executable name.</summary>
public sealed class ModelCatalog
{
    private readonly Dictionary<string, Executable> _byName;
    private readonly List<Executable> _ordered;

    public ModelCatalog(IEnumerable<Executable> executables)
    {
        _byName = new Dictionary<string, Executable>(StringComparer.Ordinal);
        _ordered = [];
        foreach (var e in executables)
        {
            _byName.Add(e.Name, e);
            _ordered.Add(e);
        }
    }

    /// <summary>In the order they were given (built-in first, then each profile file's).</summary>
    public IReadOnlyList<Executable> Executables => _ordered;

    public bool TryGet(string executableName, out Executable executable) =>
        _byName.TryGetValue(executableName, out executable!);

    public Executable this[string executableName] => _byName[executableName];

    /// <summary>
    /// This catalog with the executables of profile files added; an executable of a file replaces the
    /// catalog's entry of the same name (user measurements win), but one file naming it twice, or two
    /// files naming it, is an error.
    /// </summary>
    public ModelCatalog With(IEnumerable<string> profileFiles)
    {
        var byName = _ordered.ToDictionary(e => e.Name, StringComparer.Ordinal);
        var order = _ordered.Select(e => e.Name).ToList();
        var fromFiles = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (string file in profileFiles)
            foreach (var e in ProfileJson.Read(file))
            {
                if (fromFiles.TryGetValue(e.Name, out string? other))
                    throw new InputException(file, 0, $"expected each executable in one profile file, found \"{e.Name}\" also in {other}");
                fromFiles[e.Name] = file;
                if (!byName.ContainsKey(e.Name)) order.Add(e.Name);
                byName[e.Name] = e;
            }
        return new ModelCatalog(order.Select(n => byName[n]));
    }

    /// <summary>
    /// The seven executables measured on V100 GPUs by the original tool's authors (BERT 125M and 2.6B;
    /// 1 GPU, 2-GPU tensor, 2- and 4-stage pipeline), with memory figures derived in the README.
    /// Stored in the profile format as an embedded file, so built-in and user profiles take one path.
    /// </summary>
    public static ModelCatalog BuiltIn { get; } = LoadBuiltIn();

    private static ModelCatalog LoadBuiltIn()
    {
        using var stream = typeof(ModelCatalog).Assembly.GetManifestResourceStream("DlSim.builtin-profiles.json")
            ?? throw new InvalidOperationException("the built-in profile resource is missing from the assembly");
        using var memory = new MemoryStream();
        stream.CopyTo(memory);
        return new ModelCatalog(ProfileJson.Parse(JsonNode.Parse(memory.ToArray(), "built-in profiles"), "built-in profiles"));
    }
}
