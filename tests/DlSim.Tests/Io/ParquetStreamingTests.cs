using Xunit;
using DlSim.Formats.Parquet;

namespace DlSim.Tests.Io;

/// <summary>Alone in its collection: it measures the process's heap, which parallel tests would disturb.</summary>
[CollectionDefinition(nameof(ParquetStreamingTests), DisableParallelization = true)]
public sealed class AllocationMeasuring;

/// <summary>
/// Writing and reading a Parquet workload stream: the live heap while reading a 3 M-row file stays at the
/// size of a row group's buffers, far below the file's columns (84 MB). No timing is asserted.
/// </summary>
[Collection(nameof(ParquetStreamingTests))]
public class ParquetStreamingTests
{
    private const long Rows = 3_000_000;
    private const int RowGroupRows = 1 << 17;
    private const long ColumnBytes = Rows * (8 + 4 + 8 + 8);
    private const long SampleEvery = 500_000;

    [Fact]
    public void A_3M_row_file_is_read_back_with_a_live_heap_far_below_its_size()
    {
        using var dir = new TempDir();
        string path = dir.File("big.parquet");
        using (var source = new SyntheticSource(Rows)) ParquetWorkload.Write(source, path, RowGroupRows);

        var models = new int[4096];
        var arrivals = new double[4096];
        long count = 0, checksum = 0, peakLive = 0;
        long baseline = GC.GetTotalMemory(forceFullCollection: true);
        long allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        using (var source = ParquetRequestSource.Open(path))
        {
            int n;
            while ((n = source.Read(models, arrivals)) > 0)
            {
                for (int i = 0; i < n; i++) checksum += models[i];
                if ((count + n) / SampleEvery != count / SampleEvery)
                    peakLive = Math.Max(peakLive, GC.GetTotalMemory(forceFullCollection: true) - baseline);
                count += n;
            }
        }
        long allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;

        Assert.Equal(Rows, count);
        Assert.Equal(Rows / 3 * (0 + 1 + 2), checksum);
        TestContext.Current.SendDiagnosticMessage(
            $"3 M rows, {new FileInfo(path).Length >> 20} MB file, {ColumnBytes >> 20} MB of columns: peak live heap {peakLive >> 20} MB, {allocated >> 20} MB allocated in all");
        Assert.True(peakLive < ColumnBytes / 4, $"peak live heap {peakLive:N0} bytes while reading {ColumnBytes:N0} bytes of columns");
    }
}
