using Xunit;
using DlSim.Formats;
using DlSim.Formats.Parquet;
using DlSim.Workloads;
using DlSim.Workloads.Traffic;

namespace DlSim.Tests.Io;

/// <summary>The Parquet workload format: exact round trips, format choice by name and content, streaming reads.</summary>
public class ParquetWorkloadTests
{
    public static TheoryData<string> ReferenceWorkloads() =>
        new(Directory.GetFiles(Path.Combine(ReferenceData.Root, "workloads"), "*.csv").Order().Select(Path.GetFileNameWithoutExtension)!);

    [Fact]
    public void A_generated_workload_reads_back_identical_across_many_row_groups()
    {
        using var dir = new TempDir();
        var spec = new PoissonWorkloadSpec { TotalRateHz = 300, DurationS = 30, Proportions = [0.5, 0.25, 0.25], SlosS = [0.1, 0.2, 1e-5], Seed = 3, Name = "round trip ü" };
        var workload = PoissonGenerator.Generate(spec);
        using (var source = new WorkloadSource(workload)) ParquetWorkload.Write(source, dir.File("w.parquet"), rowGroupRows: 1000);

        var back = WorkloadFiles.ReadAll(dir.File("w.parquet"));

        Assert.True(workload.Count > 5000);
        Assert.Equal(workload.Header, back.Header);
        Assert.Equal(workload.ModelIds, back.ModelIds);
        Assert.Equal(workload.ArrivalsS, back.ArrivalsS);
    }

    [Theory, MemberData(nameof(ReferenceWorkloads))]
    public void Csv_to_parquet_to_csv_is_byte_identical(string name)
    {
        using var dir = new TempDir();
        string csv = ReferenceData.Workload(name);
        using (var source = WorkloadFiles.OpenRead(csv)) WorkloadFiles.Write(source, dir.File("w.parquet"));
        using (var source = WorkloadFiles.OpenRead(dir.File("w.parquet"))) WorkloadFiles.Write(source, dir.File("w.csv"));

        Assert.Equal(File.ReadAllBytes(csv), File.ReadAllBytes(dir.File("w.csv")));
    }

    [Fact]
    public void The_file_stores_the_columns_and_the_header_metadata()
    {
        using var dir = new TempDir();
        using (var source = new SyntheticSource(10)) ParquetWorkload.Write(source, dir.File("w.parquet"));

        var file = ParquetFiles.Read(dir.File("w.parquet"));

        Assert.Equal(["request_id", "model_id", "arrival_s", "slo_s"], file.Columns);
        Assert.Equal("workload/1", file.Metadata["dlsim.format"]);
        Assert.Equal("3", file.Metadata["dlsim.model_count"]);
        Assert.Equal("synthetic", file.Metadata["dlsim.name"]);
        Assert.Equal([0L, 1, 2, 3, 4, 5, 6, 7, 8, 9], file.RequestIds);
        Assert.Equal([0.1, 0.2, 0.30000000000000004, 0.1], file.Slos.Take(4));
    }

    [Fact]
    public void Names_choose_the_written_format_and_content_is_sniffed_on_reading()
    {
        using var dir = new TempDir();
        using (var source = new SyntheticSource(100)) WorkloadFiles.Write(source, dir.File("w.PARQUET"));
        using (var source = new SyntheticSource(100)) WorkloadFiles.Write(source, dir.File("w.txt"));
        File.Copy(dir.File("w.PARQUET"), dir.File("renamed.bin"));

        Assert.True(ParquetRequestSource.HasParquetMagic(dir.File("w.PARQUET")));
        Assert.StartsWith("3,1000,", File.ReadAllText(dir.File("w.txt")));
        Assert.Equal(100, WorkloadFiles.ReadAll(dir.File("renamed.bin")).Count);
        Assert.Equal(WorkloadFiles.ReadAll(dir.File("w.txt")).ArrivalsS, WorkloadFiles.ReadAll(dir.File("renamed.bin")).ArrivalsS);
    }

    [Fact]
    public void Optional_columns_and_int64_model_ids_as_pandas_writes_them_are_read()
    {
        using var dir = new TempDir();
        string path = dir.File("pandas.parquet");
        ParquetFiles.Write(path, ParquetFiles.DlsimMetadata(2), nullable: true, longModelIds: true,
            ids: [0, 1, 2], models: [0, 1, 0], arrivals: [0, 0.5, 1.5], slos: [0.25, 0.5, 0.25]);

        var w = WorkloadFiles.ReadAll(path);

        Assert.Equal([0, 1, 0], w.ModelIds);
        Assert.Equal([0, 0.5, 1.5], w.ArrivalsS);
    }

    [Fact]
    public void A_file_without_dlsim_metadata_gets_a_header_derived_from_its_rows()
    {
        using var dir = new TempDir();
        string path = dir.File("from_pandas.parquet");
        ParquetFiles.Write(path, metadata: null, nullable: true, longModelIds: true,
            ids: [0, 1, 2, 3], models: [0, 2, 0, 2], arrivals: [0, 0.5, 1.5, 2], slos: [0.25, 1, 0.25, 1]);

        var w = WorkloadFiles.ReadAll(path);

        Assert.Equal(new WorkloadHeader(3, 2, [0.5, 0, 0.5], 2, [0.25, double.PositiveInfinity, 1], "from_pandas"), w.Header);
        Assert.Equal([0, 2, 0, 2], w.ModelIds);
    }

    [Fact]
    public void I5_the_same_workload_gives_a_byte_identical_file()
    {
        using var dir = new TempDir();
        using (var source = new SyntheticSource(50_000)) ParquetWorkload.Write(source, dir.File("a.parquet"), rowGroupRows: 10_000);
        using (var source = new SyntheticSource(50_000)) ParquetWorkload.Write(source, dir.File("b.parquet"), rowGroupRows: 10_000);

        Assert.Equal(File.ReadAllBytes(dir.File("a.parquet")), File.ReadAllBytes(dir.File("b.parquet")));
    }

    [Fact]
    public void Simulating_the_parquet_copy_of_a_reference_workload_gives_the_csv_results()
    {
        using var dir = new TempDir();
        string csv = ReferenceData.Workload("test_workload_8to2_30Hz_60s");
        using (var source = WorkloadFiles.OpenRead(csv)) WorkloadFiles.Write(source, dir.File("w.parquet"));
        string placement = ReferenceData.Placement("placement_125M_interop");

        string Simulate(string workload, string json)
        {
            var stdout = new StringWriter();
            int code = DlSim.Cli.DlSimCli.Run(["simulate", "-w", workload, "-p", placement, "--json", dir.File(json)], stdout, new StringWriter());
            Assert.Equal(0, code);
            return File.ReadAllText(dir.File(json));
        }

        Assert.Equal(Simulate(csv, "csv.json"), Simulate(dir.File("w.parquet"), "parquet.json"));
    }
}
