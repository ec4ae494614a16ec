using Parquet;
using Parquet.Schema;
using System.Globalization;
using DlSim.Formats.Files;
using DlSim.Foundation;
using DlSim.Workloads;

namespace DlSim.Formats.Parquet;

/// <summary>
/// The Parquet workload format, for workloads too large for CSV. One row per request, in arrival order:
/// <c>request_id</c> (int64, = row index from 0), <c>model_id</c> (int32), <c>arrival_s</c> (double,
/// ascending), <c>slo_s</c> (double, the model's SLO). The header figures live in the file's key-value
/// metadata under <c>dlsim.*</c> keys (numbers in Python's repr, so they read back to the same doubles);
/// pandas / pyarrow read the columns as they are (<c>pq.read_metadata(f).metadata</c> shows the header).
/// Written in row groups, read back one row group at a time: memory is bounded by the row group size.
/// </summary>
public static class ParquetWorkload
{
    public const string RequestIdColumn = "request_id";
    public const string ModelIdColumn = "model_id";
    public const string ArrivalColumn = "arrival_s";
    public const string SloColumn = "slo_s";

    /// <summary>
    /// Rows per row group written by default: ~7 MB of columns in memory while writing or reading. Measured on
    /// 100 M requests: 1 Mi-row groups let the reader's peak RSS drift up with the file (123 MB at 1 M requests,
    /// 473 MB at 100 M; the decompressed chunks land on the large-object heap, collected late), 256 Ki-row groups
    /// keep it flat (~150 MB at 30 M and 100 M) with the same file size and no slower reading.
    /// </summary>
    public const int DefaultRowGroupRows = 1 << 18;

    /// <summary>Row groups larger than this are refused on reading, so memory stays bounded (~0.5 GB at most).</summary>
    public const int MaxRowGroupRows = 16 << 20;

    internal const string FormatKey = "dlsim.format";
    internal const string FormatValue = "workload/1";
    internal const string ModelCountKey = "dlsim.model_count";
    internal const string TotalRateKey = "dlsim.total_rate_hz";
    internal const string ProportionsKey = "dlsim.proportions";
    internal const string DurationKey = "dlsim.duration_s";
    internal const string SlosKey = "dlsim.slos_s";
    internal const string NameKey = "dlsim.name";

    internal static readonly DataField<long> RequestIdField = new(RequestIdColumn);
    internal static readonly DataField<int> ModelIdField = new(ModelIdColumn);
    internal static readonly DataField<double> ArrivalField = new(ArrivalColumn);
    internal static readonly DataField<double> SloField = new(SloColumn);

    /// <summary>Reads the whole file into memory (use <see cref="ParquetRequestSource"/> to stream it).</summary>
    public static Workload Read(string path)
    {
        using var source = ParquetRequestSource.Open(path);
        return Workload.ReadAll(source);
    }

    /// <summary>Streams a source of any size into a Parquet file (temporary file, then rename).</summary>
    public static void Write(IRequestSource source, string path, int rowGroupRows = DefaultRowGroupRows) =>
        AtomicFile.Write(path, stream => Write(source, stream, rowGroupRows));

    /// <summary>Writes to a seekable stream, <paramref name="rowGroupRows"/> requests per row group.</summary>
    public static void Write(IRequestSource source, Stream stream, int rowGroupRows = DefaultRowGroupRows)
    {
        if (rowGroupRows < 1 || rowGroupRows > MaxRowGroupRows) throw new ArgumentOutOfRangeException(nameof(rowGroupRows));
        var header = source.Header;
        var slos = SloTable(header);
        Sync.Run(async () =>
        {
            var schema = new ParquetSchema(RequestIdField, ModelIdField, ArrivalField, SloField);
            await using var writer = await ParquetWriter.CreateAsync(schema, stream, WriteOptions()).ConfigureAwait(false);
            writer.CustomMetadata = EncodeHeader(header);
            var ids = new long[rowGroupRows];
            var models = new int[rowGroupRows];
            var arrivals = new double[rowGroupRows];
            var sloValues = new double[rowGroupRows];
            long next = 0;
            int n;
            while ((n = Fill(source, models, arrivals)) > 0)
            {
                for (int i = 0; i < n; i++)
                {
                    ids[i] = next++;
                    sloValues[i] = slos[models[i]];
                }
                using var group = writer.CreateRowGroup();
                await group.WriteAsync<long>(RequestIdField, ids.AsMemory(0, n)).ConfigureAwait(false);
                await group.WriteAsync<int>(ModelIdField, models.AsMemory(0, n)).ConfigureAwait(false);
                await group.WriteAsync<double>(ArrivalField, arrivals.AsMemory(0, n)).ConfigureAwait(false);
                await group.WriteAsync<double>(SloField, sloValues.AsMemory(0, n)).ConfigureAwait(false);
                group.CompleteValidate();
            }
        });
    }

    /// <summary>
    /// Snappy (the common default, fast) plus encodings that suit the columns: request ids 0, 1, 2, … delta-packed to
    /// almost nothing; arrivals byte-stream-split, which lets the compressor find their shared exponent bytes;
    /// model_id and slo_s plain (a Dictionary hint left them plain in Parquet.Net 6.1; Snappy brings them under 1 byte a row).
    /// Standard encodings: an independent reader (hyparquet) reads these files with the same values.
    /// </summary>
    private static ParquetOptions WriteOptions()
    {
        var options = new ParquetOptions { CompressionMethod = CompressionMethod.Snappy };
        options.ColumnEncodingHints[RequestIdColumn] = EncodingHint.DeltaBinaryPacked;
        options.ColumnEncodingHints[ArrivalColumn] = EncodingHint.ByteSplitStream;
        return options;
    }

    /// <summary>Fills the buffers from the source (which may hand out fewer rows per call); returns the row count.</summary>
    private static int Fill(IRequestSource source, int[] models, double[] arrivals)
    {
        int n = 0, got;
        while (n < models.Length && (got = source.Read(models.AsSpan(n), arrivals.AsSpan(n))) > 0) n += got;
        return n;
    }

    /// <summary>SLO per model id; +∞ where the header names none (as <see cref="Workload.SloOf"/> does).</summary>
    private static double[] SloTable(WorkloadHeader header)
    {
        var slos = new double[header.ModelCount];
        for (int m = 0; m < slos.Length; m++) slos[m] = m < header.SlosS.Count ? header.SlosS[m] : double.PositiveInfinity;
        return slos;
    }

    internal static Dictionary<string, string> EncodeHeader(WorkloadHeader h) => new()
    {
        [FormatKey] = FormatValue,
        [ModelCountKey] = h.ModelCount.ToString(CultureInfo.InvariantCulture),
        [TotalRateKey] = PythonFloat.Format(h.TotalRateHz),
        [ProportionsKey] = PythonFloat.FormatList(h.Proportions),
        [DurationKey] = PythonFloat.Format(h.DurationS),
        [SlosKey] = PythonFloat.FormatList(h.SlosS),
        [NameKey] = h.Name,
    };

    /// <summary>True when the metadata holds a DLSIM header (else the reader derives one from the rows).</summary>
    internal static bool HasHeader(IReadOnlyDictionary<string, string> meta) => meta.ContainsKey(FormatKey);

    /// <summary>The header from the file's metadata (<see cref="HasHeader"/>); every problem is added to <paramref name="errors"/> (null then).</summary>
    internal static WorkloadHeader? DecodeHeader(IReadOnlyDictionary<string, string> meta, InputErrorList errors)
    {
        if (!meta.TryGetValue(FormatKey, out string? format)) throw new ArgumentException("no DLSIM metadata; derive the header instead");
        if (format != FormatValue) { errors.Add(0, $"expected metadata {FormatKey} = \"{FormatValue}\", found \"{format}\""); return null; }
        string? Get(string key)
        {
            if (meta.TryGetValue(key, out string? v)) return v;
            errors.Add(0, $"expected metadata key {key}, found none");
            return null;
        }
        string? count = Get(ModelCountKey), rate = Get(TotalRateKey), shares = Get(ProportionsKey),
            duration = Get(DurationKey), slos = Get(SlosKey), name = Get(NameKey);
        if (errors.Any) return null;
        bool ok = true;
        void Bad(string message) { errors.Add(0, message); ok = false; }
        if (!SeedNumbers.TryInt(count, out int models) || models < 1) Bad($"expected metadata {ModelCountKey} a positive integer, found \"{count}\"");
        if (!SeedNumbers.TryDouble(rate, out double hz) || hz < 0) Bad($"expected metadata {TotalRateKey} a number ≥ 0, found \"{rate}\"");
        if (!SeedNumbers.TryDouble(duration, out double seconds) || seconds < 0) Bad($"expected metadata {DurationKey} a number ≥ 0, found \"{duration}\"");
        var p = SeedNumbers.TryList(shares!);
        if (p is null) Bad($"expected metadata {ProportionsKey} a bracketed list of numbers like \"[0.8, 0.2]\", found \"{shares}\"");
        var s = SeedNumbers.TryList(slos!);
        if (s is null) Bad($"expected metadata {SlosKey} a bracketed list of numbers like \"[0.25, 0.25]\", found \"{slos}\"");
        if (!ok) return null;
        if (p!.Length != models) Bad($"expected {models} proportions ({ModelCountKey}), found {p.Length}");
        else if (Math.Abs(p.Sum() - 1) > PoissonWorkloadSpec.ProportionTolerance || p.Any(x => x < 0))
            Bad($"expected non-negative proportions summing to 1, found {shares}");
        if (s!.Length != models) Bad($"expected {models} SLOs ({ModelCountKey}), found {s.Length}");
        else if (s.Any(x => !(x > 0))) Bad($"expected positive SLOs in seconds, found {slos}");
        return ok ? new WorkloadHeader(models, hz, p, seconds, s, name!) : null;
    }
}

/// <summary>Runs Parquet.Net's asynchronous calls to completion from synchronous code, off any synchronization context.</summary>
internal static class Sync
{
    public static void Run(Func<Task> work) => Task.Run(work).GetAwaiter().GetResult();

    public static T Run<T>(Func<Task<T>> work) => Task.Run(work).GetAwaiter().GetResult();
}
