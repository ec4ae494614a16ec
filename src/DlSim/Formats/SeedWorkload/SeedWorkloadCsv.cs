using System.Text;
using DlSim.Formats.Files;
using DlSim.Formats.Text;
using DlSim.Foundation;
using DlSim.Workloads;

namespace DlSim.Formats.SeedWorkload;

/// <summary>
/// The seed's workload CSV. Row 1: <c>model_num, total_rate_hz, "[proportions]", duration_s, "[slos_s]", name</c>;
/// then one row per request: <c>model_id, arrival_s</c> (ascending). Written with CRLF and Python float
/// formatting, so the original tool reads our files and its files round-trip byte for byte.
/// </summary>
public static class SeedWorkloadCsv
{
    /// <summary>Reads the whole file into memory, reporting every problem found.</summary>
    public static Workload Read(string path)
    {
        using var source = SeedCsvRequestSource.Open(path);
        return Workload.ReadAll(source);
    }

    public static Workload Read(TextReader reader, string file)
    {
        using var source = new SeedCsvRequestSource(reader, file);
        return Workload.ReadAll(source);
    }

    internal static WorkloadHeader? ParseHeader(string line, InputErrorList errors)
    {
        var f = CsvLine.Split(line);
        if (f is null) { errors.Add(1, "expected closed quotes in the header row, found an unterminated quoted field"); return null; }
        if (f.Count != 6)
        {
            errors.Add(1, $"expected 6 header columns (model_num, total_rate_hz, proportions, duration_s, slos_s, name), found {f.Count}");
            return null;
        }
        bool ok = true;
        if (!SeedNumbers.TryInt(f[0], out int count) || count < 1 || count > Limits.MaxModels)
        { errors.Add(1, $"expected model_num a positive integer at most {Limits.MaxModels} (the limit), found {ErrorText.Quote(f[0])}"); ok = false; }
        if (!SeedNumbers.TryDouble(f[1], out double rate) || rate < 0) { errors.Add(1, $"expected total_rate_hz a number ≥ 0, found \"{f[1]}\""); ok = false; }
        var proportions = SeedNumbers.TryList(f[2]);
        if (proportions is null) { errors.Add(1, $"expected proportions as a bracketed list of numbers like \"[0.8, 0.2]\", found \"{f[2]}\""); ok = false; }
        if (!SeedNumbers.TryDouble(f[3], out double duration) || duration < 0 || duration > Limits.MaxSeconds)
        { errors.Add(1, $"expected duration_s a number ≥ 0 and at most 1e12 (the limit), found {ErrorText.Quote(f[3])}"); ok = false; }
        var slos = SeedNumbers.TryList(f[4]);
        if (slos is null) { errors.Add(1, $"expected slos_s as a bracketed list of numbers like \"[0.25, 0.25]\", found \"{f[4]}\""); ok = false; }
        if (!ok) return null;
        if (proportions!.Length != count) { errors.Add(1, $"expected {count} proportions (model_num), found {proportions.Length}"); ok = false; }
        else if (Math.Abs(proportions.Sum() - 1) > PoissonWorkloadSpec.ProportionTolerance || proportions.Any(p => p < 0))
        { errors.Add(1, $"expected non-negative proportions summing to 1, found {f[2]} (sum {PythonFloat.Format(proportions.Sum())})"); ok = false; }
        if (slos!.Length != count) { errors.Add(1, $"expected {count} SLOs (model_num), found {slos.Length}"); ok = false; }
        else if (slos.Any(s => !(s > 0))) { errors.Add(1, $"expected positive SLOs in seconds, found {f[4]}"); ok = false; }
        return ok ? new WorkloadHeader(count, rate, proportions, duration, slos, f[5]) : null;
    }

    /// <summary>Writes to a temporary file and renames it into place.</summary>
    public static void Write(Workload workload, string path) =>
        AtomicFile.Write(path, stream =>
        {
            using var writer = new StreamWriter(stream, new UTF8Encoding(false), 1 << 16);
            Write(workload, writer);
        });

    public static void Write(Workload workload, TextWriter writer)
    {
        using var source = new WorkloadSource(workload);
        Write(source, writer);
    }

    /// <summary>Streams a source of any size to a file (temporary file, then rename).</summary>
    public static void Write(IRequestSource source, string path) =>
        AtomicFile.Write(path, stream =>
        {
            using var writer = new StreamWriter(stream, new UTF8Encoding(false), 1 << 16);
            Write(source, writer);
        });

    public static void Write(IRequestSource source, TextWriter writer)
    {
        var h = source.Header;
        writer.Write(h.ModelCount.ToString(System.Globalization.CultureInfo.InvariantCulture));
        writer.Write(',');
        writer.Write(PythonFloat.FormatNumber(h.TotalRateHz));
        writer.Write(',');
        writer.Write(CsvLine.Quote(PythonFloat.FormatList(SeedProportions.SummingToOne(h.Proportions))));
        writer.Write(',');
        writer.Write(PythonFloat.FormatNumber(h.DurationS));
        writer.Write(',');
        writer.Write(CsvLine.Quote(PythonFloat.FormatList(h.SlosS)));
        writer.Write(',');
        writer.Write(CsvLine.Quote(h.Name));
        writer.Write("\r\n");
        var models = new int[4096];
        var arrivals = new double[4096];
        int n;
        while ((n = source.Read(models, arrivals)) > 0)
            for (int i = 0; i < n; i++)
            {
                writer.Write(models[i].ToString(System.Globalization.CultureInfo.InvariantCulture));
                writer.Write(',');
                writer.Write(PythonFloat.Format(arrivals[i]));
                writer.Write("\r\n");
            }
    }
}
