using Parquet;
using Parquet.Schema;
using DlSim.Foundation;

namespace DlSim.Tests.Io;

/// <summary>Writes and reads Parquet files column by column with Parquet.Net itself, to make odd and bad files and to inspect ours.</summary>
public static class ParquetFiles
{
    public sealed record Contents(string[] Columns, Dictionary<string, string> Metadata, long[] RequestIds, double[] Slos);

    /// <summary>The metadata of a valid header with <paramref name="models"/> models, SLOs 0.25, 0.5, ….</summary>
    public static Dictionary<string, string> DlsimMetadata(int models) => new()
    {
        ["dlsim.format"] = "workload/1",
        ["dlsim.model_count"] = models.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["dlsim.total_rate_hz"] = "2.0",
        ["dlsim.proportions"] = PythonFloat.FormatList(Enumerable.Repeat(1.0 / models, models).ToArray()),
        ["dlsim.duration_s"] = "2.0",
        ["dlsim.slos_s"] = PythonFloat.FormatList(Enumerable.Range(1, models).Select(m => 0.25 * m).ToArray()),
        ["dlsim.name"] = "handmade",
    };

    /// <summary>One row group with the given columns; a null array leaves that column out; nulls in <paramref name="slos"/> need <paramref name="nullable"/>;
    /// <paramref name="floatArrivals"/> writes arrival_s as float (required).</summary>
    public static void Write(string path, Dictionary<string, string>? metadata, long[]? ids, long[]? models, double[]? arrivals, double?[]? slos,
        bool nullable = false, bool longModelIds = false, bool floatArrivals = false)
    {
        Task.Run(async () =>
        {
            var fields = new List<(DataField Field, Func<ParquetRowGroupWriter, Task> Write)>();
            if (ids is not null)
            {
                var f = new DataField("request_id", typeof(long), nullable);
                fields.Add((f, g => nullable ? g.WriteAsync<long>(f, ids.Select(x => (long?)x).ToArray().AsMemory()) : g.WriteAsync<long>(f, ids.AsMemory())));
            }
            if (models is not null)
            {
                if (longModelIds)
                {
                    var f = new DataField("model_id", typeof(long), nullable);
                    fields.Add((f, g => nullable ? g.WriteAsync<long>(f, models.Select(x => (long?)x).ToArray().AsMemory()) : g.WriteAsync<long>(f, models.AsMemory())));
                }
                else
                {
                    var f = new DataField("model_id", typeof(int), nullable);
                    var narrow = models.Select(x => (int)x).ToArray();
                    fields.Add((f, g => nullable ? g.WriteAsync<int>(f, narrow.Select(x => (int?)x).ToArray().AsMemory()) : g.WriteAsync<int>(f, narrow.AsMemory())));
                }
            }
            if (arrivals is not null && floatArrivals)
            {
                var f = new DataField("arrival_s", typeof(float), nullable);
                var narrow = arrivals.Select(x => (float)x).ToArray();
                fields.Add((f, g => g.WriteAsync<float>(f, narrow.AsMemory())));
            }
            else if (arrivals is not null)
            {
                var f = new DataField("arrival_s", typeof(double), nullable);
                fields.Add((f, g => nullable ? g.WriteAsync<double>(f, arrivals.Select(x => (double?)x).ToArray().AsMemory()) : g.WriteAsync<double>(f, arrivals.AsMemory())));
            }
            if (slos is not null)
            {
                var f = new DataField("slo_s", typeof(double), nullable);
                fields.Add((f, g => nullable ? g.WriteAsync<double>(f, slos.AsMemory()) : g.WriteAsync<double>(f, slos.Select(x => x!.Value).ToArray().AsMemory())));
            }
            await using var stream = File.Create(path);
            await using var writer = await ParquetWriter.CreateAsync(new ParquetSchema(fields.Select(x => (Field)x.Field)), stream);
            if (metadata is not null) writer.CustomMetadata = metadata;
            using var group = writer.CreateRowGroup();
            foreach (var (_, write) in fields) await write(group);
        }).GetAwaiter().GetResult();
    }

    public static Contents Read(string path) => Task.Run(async () =>
    {
        await using var reader = await ParquetReader.CreateAsync(path);
        var columns = reader.Schema.DataFields.Select(f => f.Name).ToArray();
        var ids = new List<long>();
        var slos = new List<double>();
        foreach (var group in reader.RowGroups)
        {
            var i = new long[group.RowCount];
            var s = new double[group.RowCount];
            await group.ReadAsync<long>(reader.Schema.DataFields[0], i.AsMemory());
            await group.ReadAsync<double>(reader.Schema.DataFields[3], s.AsMemory());
            ids.AddRange(i);
            slos.AddRange(s);
        }
        return new Contents(columns, reader.CustomMetadata, [.. ids], [.. slos]);
    }).GetAwaiter().GetResult();
}
