using Parquet;
using Parquet.Schema;
using System.Globalization;
using DlSim.Formats.Parquet;
using DlSim.Sweeps;

namespace DlSim.Formats.Sweeps;

/// <summary>
/// <c>sweep merge -o results.parquet</c>: the merged table as one Parquet row group. <c>index</c> is int64, a column whose
/// every value is a number is a nullable double, any other column (ids, swept values, true/false) a string.
/// </summary>
public static class SweepTableParquet
{
    public static void Write(SweepTable table, Stream stream) => Sync.Run(async () =>
    {
        var fields = new List<DataField>();
        var numeric = new bool[table.Columns.Count];
        for (int c = 0; c < table.Columns.Count; c++)
        {
            numeric[c] = c > 1 && table.Rows.All(r => r[c] is null || double.TryParse(r[c], NumberStyles.Float, CultureInfo.InvariantCulture, out _))
                && table.Rows.Any(r => r[c] is not null);
            fields.Add(c == 0 ? new DataField<long>(table.Columns[c]) : numeric[c] ? new DataField<double?>(table.Columns[c]) : new DataField<string>(table.Columns[c]));
        }
        await using var writer = await ParquetWriter.CreateAsync(new ParquetSchema(fields), stream, new ParquetOptions { CompressionMethod = CompressionMethod.Snappy })
            .ConfigureAwait(false);
        using var group = writer.CreateRowGroup();
        for (int c = 0; c < fields.Count; c++)
        {
            int col = c;
            if (c == 0)
                await group.WriteAsync<long>((DataField<long>)fields[c], table.Rows.Select(r => long.Parse(r[0]!, CultureInfo.InvariantCulture)).ToArray()).ConfigureAwait(false);
            else if (numeric[c])
                await group.WriteAsync<double>((DataField<double?>)fields[c], table.Rows.Select(r => r[col] is null ? (double?)null : double.Parse(r[col]!, CultureInfo.InvariantCulture)).ToArray()).ConfigureAwait(false);
            else
                await group.WriteAsync((DataField<string>)fields[c], table.Rows.Select(r => r[col]).ToArray()).ConfigureAwait(false);
        }
        group.CompleteValidate();
    });
}
