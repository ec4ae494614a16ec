namespace DlSim.Benchmarks;

/// <summary>Files of the reference data: under <c>DLSIM_REFERENCE</c>, else <c>../shared/reference</c> beside the repository.</summary>
public static class ReferenceData
{
    public static string File(params string[] parts)
    {
        string? root = Environment.GetEnvironmentVariable("DLSIM_REFERENCE");
        if (string.IsNullOrEmpty(root))
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !System.IO.File.Exists(Path.Combine(dir.FullName, "DlSim.slnx"))) dir = dir.Parent;
            root = Path.Combine(dir?.FullName ?? ".", "..", "shared", "reference");
        }
        return Path.Combine([root, .. parts]);
    }
}
