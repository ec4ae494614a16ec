using Parquet;
using Parquet.Schema;
using System.Globalization;
using DlSim.Formats.Files;
using DlSim.Foundation;
using DlSim.Workloads;

namespace DlSim.Formats.Parquet;

/// <summary>
/// Streams the requests of a Parquet workload (<see cref="ParquetWorkload"/>) one row group at a time:
/// memory is bounded by the largest row group, whatever the file's size. Columns may be required or
/// optional (as pandas writes them) and the integer columns int32 or int64. Every row is checked
/// (request_id = row index from 0, model ids in range, finite arrivals ≥ 0 in ascending order, slo_s =
/// the model's SLO in the metadata); a bad row is noted and skipped, and every problem found is thrown
/// together at the end of the file, so a run fed by it fails before writing any result. Problems are
/// reported as <c>file: row N: expected …, found …</c>, rows counted from 0 like request ids.
/// A file without DLSIM metadata (made with pandas, say) gets a header derived from its rows in a first
/// pass (see <c>DeriveHeader</c>), so it is read twice.
/// </summary>
public sealed partial class ParquetRequestSource : IRequestSource
{
    private static readonly byte[] Magic = "PAR1"u8.ToArray();

    private readonly Stream _stream;
    private readonly ParquetReader _reader;
    private readonly InputErrorList _errors;
    private readonly DataField _requestId, _modelId, _arrival, _slo;
    private readonly double[] _slos;
    private readonly string _sloSource = "";
    private int _group;
    private long _row;
    private double _previous;

    // One row group's columns, reused from group to group.
    private long[] _ids = [], _models = [];
    private double[] _arrivals = [], _sloValues = [];
    private int[] _levels = [], _intScratch = [];
    private bool[] _null = [];

    // The valid rows of the current group, handed out by Read.
    private int[] _outModels = [];
    private double[] _outArrivals = [];
    private int _outCount, _outNext;

    public WorkloadHeader Header { get; }

    /// <summary>True when the file starts with Parquet's magic bytes "PAR1".</summary>
    public static bool HasParquetMagic(string path)
    {
        using var stream = File.OpenRead(path);
        Span<byte> head = stackalloc byte[4];
        return stream.ReadAtLeast(head, 4, throwOnEndOfStream: false) == 4 && head.SequenceEqual(Magic);
    }

    public static ParquetRequestSource Open(string path)
    {
        InputFiles.CheckRegular(path, "workload file");
        if (!HasParquetMagic(path)) throw new InputException(path, 0, "expected a Parquet file (starting with the bytes PAR1), found other content");
        var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        try
        {
            return new ParquetRequestSource(stream, path);
        }
        catch
        {
            stream.Dispose();
            throw;
        }
    }

    /// <summary>Reads from a seekable stream, which the source owns; <paramref name="file"/> names it in messages.</summary>
    public ParquetRequestSource(Stream stream, string file)
    {
        _stream = stream;
        _errors = new InputErrorList(file);
        bool plausible;
        try { plausible = ParquetFooterCheck.IsPlausible(stream); }
        catch (IOException) { plausible = false; }
        if (!plausible) throw new InputException(file, 0, "expected a readable Parquet file, found a damaged footer (its metadata does not fit the file)");
        try
        {
            _reader = Sync.Run(() => ParquetReader.CreateAsync(stream, leaveStreamOpen: false));
        }
        catch (Exception e) when (e is not InputException)
        {
            throw new InputException(file, 0, "expected a readable Parquet file, found a damaged or unsupported one");
        }
        try
        {
            bool hasHeader = ParquetWorkload.HasHeader(_reader.CustomMetadata);
            var header = hasHeader ? ParquetWorkload.DecodeHeader(_reader.CustomMetadata, _errors) : null;
            _requestId = Column(ParquetWorkload.RequestIdColumn, true)!;
            _modelId = Column(ParquetWorkload.ModelIdColumn, true)!;
            _arrival = Column(ParquetWorkload.ArrivalColumn, false)!;
            _slo = Column(ParquetWorkload.SloColumn, false)!;
            for (int g = 0; g < _reader.RowGroupCount; g++)
            {
                long rows = _reader.RowGroups[g].RowCount;
                if (rows > ParquetWorkload.MaxRowGroupRows)
                    _errors.Add(0, $"row group {g}: expected at most {ParquetWorkload.MaxRowGroupRows} rows (so reading stays in bounded memory), found {rows}; rewrite it with smaller row groups");
            }
            _errors.ThrowIfAny();
            Header = header ?? DeriveHeader(file);
            _sloSource = hasHeader ? "in the metadata" : "from its first row";
            _slos = new double[Header.ModelCount];
            for (int m = 0; m < _slos.Length; m++) _slos[m] = Header.SlosS[m];
        }
        catch (InputException)
        {
            Close();
            throw;
        }
        catch (Exception)
        {
            // Parquet.Net's own exceptions ("unsupported type 17", "at least one field is required") are jargon.
            Close();
            throw new InputException(file, 0, "expected a readable Parquet file, found a damaged or unsupported one (its schema or metadata cannot be decoded)");
        }
    }

    /// <summary>The named column, checked to be a flat int32/int64 (<paramref name="integer"/>) or double column; null (error noted) otherwise.</summary>
    private DataField? Column(string name, bool integer)
    {
        var field = _reader.Schema.DataFields.FirstOrDefault(f => f.Name == name);
        string wanted = integer ? "int64 or int32" : "double";
        if (field is null)
        {
            string found = string.Join(", ", _reader.Schema.DataFields.Select(f => f.Name));
            _errors.Add(0, $"expected a column {name} ({wanted}), found columns {(found.Length > 0 ? found : "none")}");
            return null;
        }
        var type = field.ClrType;
        bool ok = integer ? type == typeof(long) || type == typeof(int) : type == typeof(double);
        if (!ok || field.MaxRepetitionLevel > 0)
        {
            _errors.Add(0, $"expected column {name} of type {wanted}, found {(field.MaxRepetitionLevel > 0 ? "a list column" : TypeWord(type))}");
            return null;
        }
        return field;
    }

    /// <summary>A column's type in Parquet's words, not .NET's.</summary>
    private static string TypeWord(Type type) => Type.GetTypeCode(type) switch
    {
        TypeCode.Int32 => "int32",
        TypeCode.Int64 => "int64",
        TypeCode.Double => "double",
        TypeCode.Single => "float",
        TypeCode.Boolean => "boolean",
        TypeCode.String => "string",
        TypeCode.Int16 or TypeCode.SByte or TypeCode.Byte or TypeCode.UInt16 or TypeCode.UInt32 or TypeCode.UInt64 => "a small or unsigned integer type",
        TypeCode.Decimal => "decimal",
        TypeCode.DateTime => "timestamp",
        _ => "another type",
    };

    public int Read(Span<int> modelIds, Span<double> arrivalsS)
    {
        while (_outNext == _outCount)
        {
            if (_group == _reader.RowGroupCount)
            {
                _errors.ThrowIfAny();
                return 0;
            }
            try { LoadGroup(_group++); }
            catch (Exception e) when (e is not InputException)
            {
                throw new InputException(_errors.File, 0, $"row group {_group - 1}: expected readable Parquet data, found a damaged or unsupported one");
            }
        }
        int n = Math.Min(modelIds.Length, _outCount - _outNext);
        _outModels.AsSpan(_outNext, n).CopyTo(modelIds);
        _outArrivals.AsSpan(_outNext, n).CopyTo(arrivalsS);
        _outNext += n;
        return n;
    }

    private void LoadGroup(int index)
    {
        var group = _reader.RowGroups[index];
        int rows = (int)group.RowCount;
        EnsureCapacity(rows);
        Array.Clear(_null, 0, rows);
        ReadColumns(index, group, rows, requestIds: true);
        _outCount = 0;
        _outNext = 0;
        for (int i = 0; i < rows; i++, _row++)
            if (CheckRow(i))
            {
                _outModels[_outCount] = (int)_models[i];
                _outArrivals[_outCount] = _arrivals[i];
                _outCount++;
            }
    }

    /// <summary>Reads the columns of one row group into the buffers (request ids only when asked).</summary>
    private void ReadColumns(int index, ParquetRowGroupReader group, int rows, bool requestIds)
    {
        try
        {
            Sync.Run(async () =>
            {
                if (requestIds) await ReadIntegers(group, _requestId, _ids, rows).ConfigureAwait(false);
                await ReadIntegers(group, _modelId, _models, rows).ConfigureAwait(false);
                await ReadValues(group, _arrival, _arrivals, rows).ConfigureAwait(false);
                await ReadValues(group, _slo, _sloValues, rows).ConfigureAwait(false);
            });
        }
        catch (Exception e) when (e is not InputException)
        {
            throw new InputException(_errors.File, 0, $"row group {index}: expected readable Parquet data, found a damaged or unsupported one");
        }
    }

    private bool CheckRow(int i)
    {
        if (_null[i]) return Bad("expected a value in every column, found a null");
        if (_ids[i] != _row) return Bad($"expected request_id {_row} (the row index), found {_ids[i]}");
        long model = _models[i];
        if (model < 0 || model >= _slos.Length) return Bad($"expected model_id an integer from 0 to {_slos.Length - 1}, found {model}");
        double arrival = _arrivals[i];
        if (!double.IsFinite(arrival) || arrival < 0 || arrival > Limits.MaxSeconds)
            return Bad($"expected arrival_s a finite number ≥ 0 and at most 1e12 s (the limit), found {PythonFloat.Format(arrival)}");
        if (arrival < _previous)
            return Bad($"expected arrivals in ascending order, found {PythonFloat.Format(arrival)} after {PythonFloat.Format(_previous)}");
        if (!_sloValues[i].Equals(_slos[model]))
            return Bad($"expected slo_s {PythonFloat.Format(_slos[model])} (model {model}'s SLO {_sloSource}; per-request SLOs are not supported), found {PythonFloat.Format(_sloValues[i])}");
        _previous = arrival;
        return true;
    }

    private bool Bad(string message)
    {
        _errors.Add(0, string.Create(CultureInfo.InvariantCulture, $"row {_row}: {message}"));
        return false;
    }

    /// <summary>An int64 or int32 column, widened to int64.</summary>
    private async Task ReadIntegers(ParquetRowGroupReader group, DataField field, long[] into, int rows)
    {
        if (field.ClrType == typeof(long))
        {
            await ReadValues(group, field, into, rows).ConfigureAwait(false);
            return;
        }
        if (_intScratch.Length < rows) _intScratch = new int[rows];
        await ReadValues(group, field, _intScratch, rows).ConfigureAwait(false);
        for (int i = 0; i < rows; i++) into[i] = _intScratch[i];
    }

    /// <summary>Reads a column; for an optional one, spreads the values over the rows and marks the nulls.</summary>
    private async Task ReadValues<T>(ParquetRowGroupReader group, DataField field, T[] into, int rows) where T : struct
    {
        if (field.MaxDefinitionLevel == 0)
        {
            await group.ReadAsync(field, into.AsMemory(0, rows)).ConfigureAwait(false);
            return;
        }
        if (_levels.Length < rows) _levels = new int[rows];
        await group.ReadRawAsync(field, into.AsMemory(0, rows), _levels.AsMemory(0, rows), null).ConfigureAwait(false);
        int max = field.MaxDefinitionLevel, present = 0;
        for (int i = 0; i < rows; i++) if (_levels[i] == max) present++;
        if (present == rows) return;
        for (int i = rows - 1, j = present - 1; i >= 0; i--)
        {
            if (_levels[i] == max) into[i] = into[j--];
            else { into[i] = default; _null[i] = true; }
        }
    }

    private void EnsureCapacity(int rows)
    {
        if (_ids.Length >= rows) return;
        _ids = new long[rows];
        _models = new long[rows];
        _arrivals = new double[rows];
        _sloValues = new double[rows];
        _null = new bool[rows];
        _outModels = new int[rows];
        _outArrivals = new double[rows];
    }

    public void Dispose() => Close();

    private void Close()
    {
        Sync.Run(() => _reader.DisposeAsync().AsTask());
        _stream.Dispose();
    }
}
