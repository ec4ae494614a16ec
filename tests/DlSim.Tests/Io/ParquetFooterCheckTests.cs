using Xunit;
using DlSim.Cli;
using DlSim.Formats.Parquet;

namespace DlSim.Tests.Io;

public sealed class ParquetFooterCheckTests
{
    [Fact]
    public void A_footer_written_by_the_tool_is_plausible_and_a_list_longer_than_the_footer_is_not()
    {
        using var dir = new TempDir();
        string path = dir.File("w.parquet");
        Assert.Equal(DlSimCli.Ok, DlSimCli.Run(["workload", "generate", "--requests", "100", "-o", path], new StringWriter(), new StringWriter()));
        byte[] bytes = File.ReadAllBytes(path);
        using (var good = new MemoryStream(bytes)) Assert.True(ParquetFooterCheck.IsPlausible(good));

        // FileMetaData starts with field 1 (version, i32) then field 2 (schema, a list): claim 2^31 elements.
        int footerLength = BitConverter.ToInt32(bytes, bytes.Length - 8);
        int footer = bytes.Length - 8 - footerLength;
        var bad = (byte[])bytes.Clone();
        int p = footer;
        Assert.Equal(0x15, bad[p++]);            // field 1, type i32
        while ((bad[p++] & 0x80) != 0) { }       // its varint
        Assert.Equal(0x19, bad[p++]);            // field 2, type list
        bad[p] = (byte)((bad[p] & 0x0F) | 0xF0); // size follows as a varint ...
        byte[] huge = [.. bad[..(p + 1)], 0xFF, 0xFF, 0xFF, 0xFF, 0x07, .. bad[(p + 1)..]];
        BitConverter.GetBytes(footerLength + 5).CopyTo(huge, huge.Length - 8);
        using var damaged = new MemoryStream(huge);
        Assert.False(ParquetFooterCheck.IsPlausible(damaged));
    }
}
