using Xunit;
using DlSim.Tests.Io;

namespace DlSim.Tests.BadInput;

/// <summary>
/// Bad Parquet workloads given to <c>workload show</c> and <c>simulate -w</c>: one line naming the file
/// (and the row, counted from 0 like request ids), exit 2, no output written.
/// </summary>
public sealed class WorkloadParquetBadInputTests : IDisposable
{
    private readonly BadInputCase _case = new();

    public void Dispose() => _case.Dispose();

    private static readonly long[] Ids = [0, 1, 2];
    private static readonly long[] Models = [0, 1, 0];
    private static readonly double[] Arrivals = [0, 0.5, 1.5];
    private static readonly double?[] Slos = [0.25, 0.5, 0.25];

    /// <summary>Writes a one-row-group file (valid unless a column is replaced) and runs <c>workload show</c> on it.</summary>
    private string Show(string prefix, string expected, Dictionary<string, string>? metadata = null, bool noMetadata = false,
        long[]? ids = null, long[]? models = null, double[]? arrivals = null, double?[]? slos = null, bool dropSlo = false, bool nullable = false)
    {
        string path = _case.Input("workload.parquet");
        ParquetFiles.Write(path, noMetadata ? null : metadata ?? ParquetFiles.DlsimMetadata(2), ids ?? Ids, models ?? Models, arrivals ?? Arrivals,
            dropSlo ? null : slos ?? Slos, nullable);
        return _case.AssertOneLineError(["workload", "show", path], path + ": " + prefix, expected);
    }

    [Fact]
    public void Missing_column() =>
        Assert.EndsWith("found columns request_id, model_id, arrival_s", Show("", "a column slo_s (double)", dropSlo: true));

    [Fact]
    public void Descending_arrivals() =>
        Assert.EndsWith("found 0.25 after 0.5", Show("row 2: ", "arrivals in ascending order", arrivals: [0, 0.5, 0.25]));

    [Fact]
    public void Request_id_not_the_row_index() =>
        Assert.EndsWith("found 7", Show("row 1: ", "request_id 1 (the row index)", ids: [0, 7, 2]));

    [Fact]
    public void Model_id_out_of_range() =>
        Assert.EndsWith("found 2", Show("row 2: ", "model_id an integer from 0 to 1", models: [0, 1, 2]));

    [Fact]
    public void NaN_arrival() =>
        Assert.EndsWith("found nan", Show("row 1: ", "arrival_s a finite number ≥ 0", arrivals: [0, double.NaN, 1.5]));

    [Fact]
    public void Negative_arrival() => Show("row 0: ", "arrival_s a finite number ≥ 0", arrivals: [-1, 0.5, 1.5]);

    [Fact]
    public void Slo_that_differs_from_the_models_slo() =>
        Assert.EndsWith("found 0.3", Show("row 2: ", "slo_s 0.25 (model 0's SLO in the metadata", slos: [0.25, 0.5, 0.3]));

    [Fact]
    public void Null_value_in_an_optional_column() =>
        Show("row 1: ", "a value in every column, found a null", slos: [0.25, null, 0.25], nullable: true);

    [Fact]
    public void Unknown_metadata_format_version()
    {
        var meta = ParquetFiles.DlsimMetadata(2);
        meta["dlsim.format"] = "workload/9";
        Assert.EndsWith("found \"workload/9\"", Show("", "metadata dlsim.format = \"workload/1\"", metadata: meta));
    }

    [Fact]
    public void Huge_model_id_without_metadata() =>
        Assert.EndsWith("found 70000", Show("row 1: ", "model_id below 65536 in a file without DLSIM metadata", noMetadata: true, models: [0, 70000, 0]));

    [Fact]
    public void Slo_that_differs_from_the_models_first_without_metadata() =>
        Show("row 2: ", "slo_s 0.25 (model 0's SLO from its first row", noMetadata: true, slos: [0.25, 0.5, 0.3]);

    [Fact]
    public void Proportions_in_metadata_not_summing_to_1()
    {
        var meta = ParquetFiles.DlsimMetadata(2);
        meta["dlsim.proportions"] = "[0.5, 0.2]";
        Show("", "non-negative proportions summing to 1", metadata: meta);
    }

    [Fact]
    public void Arrival_column_of_the_wrong_type()
    {
        string path = _case.Input("workload.parquet");
        ParquetFiles.Write(path, ParquetFiles.DlsimMetadata(2), Ids, Models, Arrivals, Slos, floatArrivals: true);
        string line = _case.AssertOneLineError(["workload", "show", path], path + ": ", "column arrival_s of type double");
        Assert.EndsWith("found float", line);
    }

    [Fact]
    public void Csv_text_named_parquet()
    {
        string path = _case.Write("workload.parquet", "2,6.667,\"[0.8, 0.2]\",20,\"[0.25, 0.25]\",csv\r\n0,0.0\r\n");
        _case.AssertOneLineError(["workload", "show", path], path + ": ", "a Parquet file (starting with the bytes PAR1)");
    }

    [Fact]
    public void Truncated_file()
    {
        string path = _case.Input("workload.parquet");
        ParquetFiles.Write(path, ParquetFiles.DlsimMetadata(2), Ids, Models, Arrivals, Slos);
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..(bytes.Length / 2)]);
        _case.AssertOneLineError(["workload", "show", path], path + ": ", "a readable Parquet file");
    }

    [Fact]
    public void Simulate_fails_before_writing_any_result()
    {
        string path = _case.Input("workload.parquet");
        ParquetFiles.Write(path, ParquetFiles.DlsimMetadata(2), Ids, Models, [0, 0.5, 0.25], Slos);
        string[] args = ["simulate", "-w", path, "--json", _case.Output("result.json"), "--trace-out", _case.Output("trace.json")];
        _case.AssertOneLineError(args, path + ": row 2: ", "arrivals in ascending order");
    }
}
