using DlSim.Workloads;

namespace DlSim.Io;

/// <summary>Workload files by format, chosen from the file name: <c>.csv</c> is the seed CSV (the default).</summary>
public static class WorkloadFiles
{
    /// <summary>Opens a workload for streaming; problems in it are thrown as <see cref="InputException"/>.</summary>
    public static IRequestSource OpenRead(string path) => SeedCsvRequestSource.Open(path);

    /// <summary>Writes a source of any size (temporary file, then rename).</summary>
    public static void Write(IRequestSource source, string path) => SeedWorkloadCsv.Write(source, path);

    public static Workload ReadAll(string path)
    {
        using var source = OpenRead(path);
        return Workload.ReadAll(source);
    }
}
