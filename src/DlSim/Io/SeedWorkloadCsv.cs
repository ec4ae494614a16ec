using System.Text;
using DlSim.Workloads;

namespace DlSim.Io;

/// <summary>
/// The seed's workload CSV. Row 1: <c>model_num, total_rate_hz, "[proportions]", duration_s, "[slos_s]", name</c>;
/// then one row per request: <c>model_id, arrival_s</c> (ascending). Written with CRLF and Python float
/// formatting, so the original tool reads our files and its files round-trip byte for byte.
/// </summary>
public static class SeedWorkloadCsv
{
    public static Workload Read(string path)
    {
        if (!File.Exists(path)) throw new InputException(path, 0, "expected an existing workload file, found none");
        using var reader = new StreamReader(path, Encoding.UTF8);
        return Read(reader, path);
    }

    public static Workload Read(TextReader reader, string file)
    {
        var errors = new InputErrorList(file);
        string? first = reader.ReadLine();
        if (first is null) throw new InputException(file, 1, "expected a header row (model_num, total_rate_hz, proportions, duration_s, slos_s, name), found an empty file");
        var header = ParseHeader(first, errors);
        int modelCount = header?.ModelCount ?? int.MaxValue;

        var models = new List<int>();
        var arrivals = new List<double>();
        double previous = 0;
        int lineNo = 1;
        string? line;
        while ((line = reader.ReadLine()) is not null)
        {
            lineNo++;
            if (line.Length == 0) continue;
            var fields = CsvLine.Split(line);
            if (fields is null) { errors.Add(lineNo, "expected closed quotes, found an unterminated quoted field"); continue; }
            if (fields.Count != 2) { errors.Add(lineNo, $"expected 2 columns (model_id, arrival_s), found {fields.Count}"); continue; }
            if (!SeedNumbers.TryInt(fields[0], out int model) || model < 0 || model >= modelCount)
            {
                string range = header is null ? "a non-negative integer" : $"an integer from 0 to {header.ModelCount - 1}";
                errors.Add(lineNo, $"expected model_id {range}, found \"{fields[0]}\"");
                continue;
            }
            if (!SeedNumbers.TryDouble(fields[1], out double arrival) || arrival < 0)
            {
                errors.Add(lineNo, $"expected arrival_s a finite number ≥ 0, found \"{fields[1]}\"");
                continue;
            }
            if (arrival < previous)
            {
                errors.Add(lineNo, $"expected arrivals in ascending order, found {fields[1]} after {PythonFloat.Format(previous)}");
                continue;
            }
            previous = arrival;
            models.Add(model);
            arrivals.Add(arrival);
        }
        errors.ThrowIfAny();
        return new Workload(header!, [.. models], [.. arrivals]);
    }

    private static WorkloadHeader? ParseHeader(string line, InputErrorList errors)
    {
        var f = CsvLine.Split(line);
        if (f is null) { errors.Add(1, "expected closed quotes in the header row, found an unterminated quoted field"); return null; }
        if (f.Count != 6)
        {
            errors.Add(1, $"expected 6 header columns (model_num, total_rate_hz, proportions, duration_s, slos_s, name), found {f.Count}");
            return null;
        }
        bool ok = true;
        if (!SeedNumbers.TryInt(f[0], out int count) || count < 1) { errors.Add(1, $"expected model_num a positive integer, found \"{f[0]}\""); ok = false; }
        if (!SeedNumbers.TryDouble(f[1], out double rate) || rate < 0) { errors.Add(1, $"expected total_rate_hz a number ≥ 0, found \"{f[1]}\""); ok = false; }
        var proportions = SeedNumbers.TryList(f[2]);
        if (proportions is null) { errors.Add(1, $"expected proportions as a bracketed list of numbers like \"[0.8, 0.2]\", found \"{f[2]}\""); ok = false; }
        if (!SeedNumbers.TryDouble(f[3], out double duration) || duration < 0) { errors.Add(1, $"expected duration_s a number ≥ 0, found \"{f[3]}\""); ok = false; }
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
        var h = workload.Header;
        writer.Write(h.ModelCount.ToString(System.Globalization.CultureInfo.InvariantCulture));
        writer.Write(',');
        writer.Write(PythonFloat.FormatNumber(h.TotalRateHz));
        writer.Write(',');
        writer.Write(CsvLine.Quote(PythonFloat.FormatList(h.Proportions)));
        writer.Write(',');
        writer.Write(PythonFloat.FormatNumber(h.DurationS));
        writer.Write(',');
        writer.Write(CsvLine.Quote(PythonFloat.FormatList(h.SlosS)));
        writer.Write(',');
        writer.Write(CsvLine.Quote(h.Name));
        writer.Write("\r\n");
        for (int i = 0; i < workload.Count; i++)
        {
            writer.Write(workload.ModelIds[i].ToString(System.Globalization.CultureInfo.InvariantCulture));
            writer.Write(',');
            writer.Write(PythonFloat.Format(workload.ArrivalsS[i]));
            writer.Write("\r\n");
        }
    }
}
