using ArchUnitNET.Domain;
using ArchUnitNET.Loader;
using Xunit;
using DlSim.Cli;
using DlSim.Foundation;
using ArchAssembly = System.Reflection.Assembly;

namespace DlSim.Tests.Invariants;

/// <summary>
/// Invariant 14: the namespaces of DLSIM depend on each other without cycles, and the domain namespaces
/// never use a file format. Read from the compiled assemblies (every type reference, not only usings).
/// </summary>
public class LayerTests
{
    /// <summary>Namespaces of the model itself: what they compute must not depend on how it is stored.</summary>
    public static readonly string[] Domain =
        ["DlSim.Kernel", "DlSim.Cluster", "DlSim.Workloads", "DlSim.Model", "DlSim.Placement", "DlSim.Routing", "DlSim.Serving", "DlSim.Metrics", "DlSim.Analysis", "DlSim.Llm"];

    public const string Formats = "DlSim.Formats";
    public const string Foundation = "DlSim.Foundation";

    private static readonly ArchAssembly[] Product =
        [typeof(DlSim.Foundation.InputException).Assembly, typeof(DlSimCli).Assembly, typeof(DlSim.Plots.PlotImages).Assembly];

    private static readonly Lazy<Dictionary<string, SortedSet<string>>> Graph = new(() => NamespaceGraph(Product));

    /// <summary>Namespace → the namespaces its types use (DlSim ones only, itself excluded).</summary>
    public static Dictionary<string, SortedSet<string>> NamespaceGraph(params ArchAssembly[] assemblies)
    {
        var architecture = new ArchLoader().LoadAssemblies(assemblies).Build();
        var graph = new Dictionary<string, SortedSet<string>>(StringComparer.Ordinal);
        foreach (var type in architecture.Types)
        {
            string from = type.Namespace.FullName;
            if (!IsOurs(from)) continue;
            var uses = graph.TryGetValue(from, out var set) ? set : graph[from] = new SortedSet<string>(StringComparer.Ordinal);
            foreach (var dependency in type.Dependencies)
            {
                // A generic parameter is no dependency (the loader files same-named ones of other types under their namespace).
                if (dependency.Target is GenericParameter) continue;
                string to = dependency.Target.Namespace.FullName;
                if (IsOurs(to) && to != from) uses.Add(to);
            }
        }
        return graph;
    }

    private static bool IsOurs(string ns) => ns == "DlSim" || ns.StartsWith("DlSim.", StringComparison.Ordinal);

    private static bool IsIn(string ns, string root) => ns == root || ns.StartsWith(root + ".", StringComparison.Ordinal);

    /// <summary>Every cycle found by a depth-first search, each as "A → B → … → A" (empty when there is none).</summary>
    public static List<string> Cycles(IReadOnlyDictionary<string, SortedSet<string>> graph)
    {
        var cycles = new List<string>();
        var state = new Dictionary<string, int>(StringComparer.Ordinal); // 1: on the path, 2: done
        var path = new List<string>();
        void Visit(string ns)
        {
            state[ns] = 1;
            path.Add(ns);
            foreach (string next in graph.TryGetValue(ns, out var uses) ? uses : [])
            {
                if (state.GetValueOrDefault(next) == 1)
                    cycles.Add(string.Join(" → ", path.Skip(path.IndexOf(next)).Append(next)));
                else if (state.GetValueOrDefault(next) == 0) Visit(next);
            }
            path.RemoveAt(path.Count - 1);
            state[ns] = 2;
        }
        foreach (string ns in graph.Keys.Order(StringComparer.Ordinal))
            if (state.GetValueOrDefault(ns) == 0) Visit(ns);
        return cycles;
    }

    /// <summary>Each "domain namespace → format namespace" edge of the graph.</summary>
    public static List<string> DomainUsesOfFormats(IReadOnlyDictionary<string, SortedSet<string>> graph) =>
        [.. from edge in graph
            where Domain.Any(d => IsIn(edge.Key, d))
            from to in edge.Value
            where IsIn(to, Formats)
            select $"{edge.Key} → {to}"];

    [Fact]
    public void Namespaces_depend_on_each_other_without_cycles()
    {
        var cycles = Cycles(Graph.Value);
        Assert.True(cycles.Count == 0, "namespace dependency cycles:\n" + string.Join("\n", cycles));
    }

    /// <summary>The graph with every namespace folded into its top-level area (<c>DlSim.Formats.Json</c> → <c>DlSim.Formats</c>).</summary>
    public static Dictionary<string, SortedSet<string>> TopLevel(IReadOnlyDictionary<string, SortedSet<string>> graph)
    {
        static string Area(string ns) => string.Join('.', ns.Split('.').Take(2));
        var areas = new Dictionary<string, SortedSet<string>>(StringComparer.Ordinal);
        foreach (var (from, uses) in graph)
        {
            var set = areas.TryGetValue(Area(from), out var s) ? s : areas[Area(from)] = new SortedSet<string>(StringComparer.Ordinal);
            foreach (string to in uses) if (Area(to) != Area(from)) set.Add(Area(to));
        }
        return areas;
    }

    [Fact]
    public void Top_level_areas_depend_on_each_other_without_cycles()
    {
        // Formats as a whole sits above Runs, Search and Sweeps: none of them may use any format.
        var cycles = Cycles(TopLevel(Graph.Value));
        Assert.True(cycles.Count == 0, "cycles between top-level areas:\n" + string.Join("\n", cycles));
    }

    [Fact]
    public void Domain_namespaces_never_use_a_file_format()
    {
        var uses = DomainUsesOfFormats(Graph.Value);
        Assert.True(uses.Count == 0, "domain namespaces using formats:\n" + string.Join("\n", uses));
    }

    /// <summary>Every "file:line" of a domain source file that names a format namespace (a using, even unused, or a qualified name).</summary>
    public static List<string> DomainSourcesNamingFormats(string sourceRoot) =>
        [.. from d in Domain
            let folder = Path.Combine(sourceRoot, d["DlSim.".Length..])
            where Directory.Exists(folder)
            from file in Directory.EnumerateFiles(folder, "*.cs", SearchOption.AllDirectories)
            from line in File.ReadLines(file).Select((text, i) => (text, i))
            where line.text.Contains(Formats + ".", StringComparison.Ordinal) || line.text.Contains("using " + Formats + ";", StringComparison.Ordinal)
            select $"{Path.GetRelativePath(sourceRoot, file)}:{line.i + 1}: {line.text.Trim()}"];

    [Fact]
    public void Domain_sources_name_no_format_namespace()
    {
        // The compiled graph misses a using that no code needs yet; the sources do not.
        var lines = DomainSourcesNamingFormats(Path.Combine(RepositoryRoot.Path, "src", "DlSim"));
        Assert.True(lines.Count == 0, "domain sources naming a format namespace:\n" + string.Join("\n", lines));
    }

    [Fact]
    public void The_foundation_uses_no_other_namespace_of_dlsim()
    {
        var uses = Graph.Value.Where(e => IsIn(e.Key, Foundation)).SelectMany(e => e.Value).ToList();
        Assert.Empty(uses);
    }

    [Fact]
    public void The_graph_sees_the_layers_it_checks()
    {
        // The checks above would pass on an empty graph: make sure it holds what they are about.
        var graph = Graph.Value;
        foreach (string ns in Domain.Append(Foundation).Append("DlSim.Formats.Json").Append("DlSim.Cli.Commands"))
            Assert.Contains(ns, graph.Keys);
        Assert.Contains("DlSim.Foundation", graph["DlSim.Serving"]);
        Assert.Contains("DlSim.Model", graph["DlSim.Formats.Profiles"]);
    }

    [Fact]
    public void The_checks_find_a_planted_cycle_and_a_planted_format_use()
    {
        var graph = new Dictionary<string, SortedSet<string>>
        {
            ["DlSim.Serving"] = ["DlSim.Formats.Json", "DlSim.Metrics"],
            ["DlSim.Metrics"] = ["DlSim.Serving"],
            ["DlSim.Formats.Json"] = ["DlSim.Foundation"],
        };
        Assert.Equal(["DlSim.Metrics → DlSim.Serving → DlSim.Metrics"], Cycles(graph));
        Assert.Equal(["DlSim.Serving → DlSim.Formats.Json"], DomainUsesOfFormats(graph));

        using var dir = new TempDir();
        Directory.CreateDirectory(Path.Combine(dir.Path, "Serving"));
        File.WriteAllText(Path.Combine(dir.Path, "Serving", "Planted.cs"), "using DlSim.Foundation;\nusing DlSim.Formats.Json;\nnamespace DlSim.Serving;\n");
        Assert.Equal([Path.Combine("Serving", "Planted.cs") + ":2: using DlSim.Formats.Json;"], DomainSourcesNamingFormats(dir.Path));
    }
}
