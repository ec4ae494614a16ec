using DlSim.Formats.Files;
using DlSim.Formats.Parquet;
using DlSim.Formats.SeedWorkload;
using DlSim.Workloads;

namespace DlSim.Formats;

/// <summary>
/// Workload files by format. Writing: a name ending <c>.parquet</c> (any case) is written as Parquet
/// (<see cref="ParquetWorkload"/>); any other name as the seed CSV, the default, so existing scripts keep
/// working. Reading: Parquet when the name ends <c>.parquet</c> or the file starts with Parquet's magic
/// bytes (a Parquet file named otherwise is still read right, not misread as CSV); otherwise the seed CSV.
/// </summary>
public static class WorkloadFiles
{
    public const string ParquetExtension = ".parquet";

    public static bool IsParquetName(string path) => path.EndsWith(ParquetExtension, StringComparison.OrdinalIgnoreCase);

    /// <summary>Opens a workload for streaming; problems in it are thrown as <see cref="InputException"/>.</summary>
    public static IRequestSource OpenRead(string path)
    {
        InputFiles.CheckRegular(path, "workload file");
        if (IsParquetName(path) || ParquetRequestSource.HasParquetMagic(path))
            return ParquetRequestSource.Open(path);
        return SeedCsvRequestSource.Open(path);
    }

    /// <summary>Writes a source of any size (temporary file, then rename), in the format the name asks for.</summary>
    public static void Write(IRequestSource source, string path)
    {
        if (IsParquetName(path)) ParquetWorkload.Write(source, path);
        else SeedWorkloadCsv.Write(source, path);
    }

    /// <summary>Writes an in-memory workload, in the format the name asks for.</summary>
    public static void Write(Workload workload, string path)
    {
        using var source = new WorkloadSource(workload);
        Write(source, path);
    }

    public static Workload ReadAll(string path)
    {
        using var source = OpenRead(path);
        return Workload.ReadAll(source);
    }
}
