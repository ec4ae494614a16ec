using DlSim.Foundation;

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
    /// This catalog with the executables of profiles added (each with the file it came from, for errors); an
    /// executable of a profile replaces the catalog's entry of the same name (user measurements win), but one
    /// profile naming it twice, or two profiles naming it, is an error.
    /// </summary>
    public ModelCatalog With(IEnumerable<(string Source, IEnumerable<Executable> Executables)> profiles)
    {
        var byName = _ordered.ToDictionary(e => e.Name, StringComparer.Ordinal);
        var order = _ordered.Select(e => e.Name).ToList();
        var fromFiles = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (file, executables) in profiles)
            foreach (var e in executables)
            {
                if (fromFiles.TryGetValue(e.Name, out string? other))
                    throw new InputException(file, 0, $"expected each executable in one profile file, found \"{e.Name}\" also in {other}");
                fromFiles[e.Name] = file;
                if (!byName.ContainsKey(e.Name)) order.Add(e.Name);
                byName[e.Name] = e;
            }
        return new ModelCatalog(order.Select(n => byName[n]));
    }
}
