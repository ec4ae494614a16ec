using System.Text;
using DlSim.Formats.Files;
using DlSim.Formats.Text;
using DlSim.Foundation;
using DlSim.Workloads;

namespace DlSim.Formats.SeedWorkload;

/// <summary>
/// Streams the requests of a seed workload CSV without holding them. A bad row is noted and skipped;
/// every problem found is thrown together when the end of the file is reached, so a run fed by it
/// fails before writing any result.
/// </summary>
public sealed class SeedCsvRequestSource : IRequestSource
{
    private readonly TextReader _reader;
    private readonly InputErrorList _errors;
    private readonly int _modelCount;
    private double _previous;
    private int _lineNo = 1;

    public WorkloadHeader Header { get; }

    public static SeedCsvRequestSource Open(string path)
    {
        var reader = InputFiles.OpenText(path, "workload file");
        try { return new SeedCsvRequestSource(reader, path); }
        catch
        {
            reader.Dispose();
            throw;
        }
    }

    public SeedCsvRequestSource(TextReader reader, string file)
    {
        _reader = reader;
        _errors = new InputErrorList(file);
        string? first = reader.ReadLine();
        if (first is null)
            throw new InputException(file, 1, "expected a header row (model_num, total_rate_hz, proportions, duration_s, slos_s, name), found an empty file");
        var header = SeedWorkloadCsv.ParseHeader(first, _errors);
        if (header is null)
        {
            // Still read the rows, so that their problems are reported with the header's.
            _modelCount = int.MaxValue;
            Span<int> m = stackalloc int[256];
            Span<double> a = stackalloc double[256];
            while (ReadRows(m, a) > 0) { }
            _errors.ThrowIfAny();
        }
        Header = header!;
        _modelCount = header!.ModelCount;
    }

    public int Read(Span<int> modelIds, Span<double> arrivalsS)
    {
        int n = ReadRows(modelIds, arrivalsS);
        if (n == 0) _errors.ThrowIfAny();
        return n;
    }

    private int ReadRows(Span<int> modelIds, Span<double> arrivalsS)
    {
        int n = 0;
        while (n < modelIds.Length)
        {
            string? line = _reader.ReadLine();
            if (line is null) break;
            _lineNo++;
            if (line.Length == 0) continue;
            if (TryParseRow(line, out modelIds[n], out arrivalsS[n])) n++;
        }
        return n;
    }

    private bool TryParseRow(string line, out int model, out double arrival)
    {
        model = 0;
        arrival = 0;
        ReadOnlySpan<char> first, second;
        int comma = line.IndexOf(',');
        if (line.Contains('"'))
        {
            var fields = CsvLine.Split(line);
            if (fields is null) return Bad("expected closed quotes, found an unterminated quoted field");
            if (fields.Count != 2) return Bad($"expected 2 columns (model_id, arrival_s), found {fields.Count}");
            first = fields[0];
            second = fields[1];
        }
        else
        {
            if (comma < 0 || line.IndexOf(',', comma + 1) >= 0)
                return Bad($"expected 2 columns (model_id, arrival_s), found {line.Split(',').Length}");
            first = line.AsSpan(0, comma);
            second = line.AsSpan(comma + 1);
        }
        if (!SeedNumbers.TryInt(first, out model) || model < 0 || model >= _modelCount)
        {
            string range = _modelCount == int.MaxValue ? "a non-negative integer" : $"an integer from 0 to {_modelCount - 1}";
            return Bad($"expected model_id {range}, found \"{first}\"");
        }
        if (!SeedNumbers.TryDouble(second, out arrival) || arrival < 0 || arrival > Limits.MaxSeconds)
            return Bad($"expected arrival_s a finite number ≥ 0 and at most 1e12 s (the limit), found \"{second}\"");
        if (arrival < _previous)
            return Bad($"expected arrivals in ascending order, found {second} after {PythonFloat.Format(_previous)}");
        _previous = arrival;
        return true;
    }

    private bool Bad(string message)
    {
        _errors.Add(_lineNo, message);
        return false;
    }

    public void Dispose() => _reader.Dispose();
}
