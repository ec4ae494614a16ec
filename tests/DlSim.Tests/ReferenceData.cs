namespace DlSim.Tests;

/// <summary>
/// The real workloads, placements and traces in the shared reference folder. The path is
/// <c>$DLSIM_REFERENCE</c> when set, else <c>../shared/reference</c> beside the repository.
/// </summary>
public static class ReferenceData
{
    public const string EnvironmentVariable = "DLSIM_REFERENCE";

    public static string Root { get; } = Locate();

    public static string Workload(string name) => Path.Combine(Root, "workloads", name + ".csv");
    public static string Placement(string name) => Path.Combine(Root, "placements", name + ".json");
    public static string Trace(string name) => Path.Combine(Root, "cluster_traces", name + ".json");

    private static string Locate()
    {
        string? fromEnv = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrEmpty(fromEnv)) return Require(fromEnv);
        return Require(Path.Combine(RepositoryRoot.Path, "..", "shared", "reference"));
    }

    private static string Require(string path)
    {
        if (!Directory.Exists(Path.Combine(path, "workloads")))
            throw new DirectoryNotFoundException($"reference data not found at {Path.GetFullPath(path)}; set {EnvironmentVariable}");
        return Path.GetFullPath(path);
    }
}

/// <summary>The repository's top folder (holds DlSim.slnx), found from the test binary's location.</summary>
public static class RepositoryRoot
{
    public static string Path { get; } = Find();

    private static string Find()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(System.IO.Path.Combine(dir.FullName, "DlSim.slnx"))) dir = dir.Parent;
        return dir?.FullName ?? throw new DirectoryNotFoundException("DlSim.slnx not found above " + AppContext.BaseDirectory);
    }
}
