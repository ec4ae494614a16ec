using System.Diagnostics;
using Xunit;
using DlSim.Cli;
using DlSim.Formats.Files;

namespace DlSim.Tests.Io;

/// <summary>Atomic writes: the final name holds nothing or the whole file, links are followed, temporary files never stay.</summary>
public sealed class AtomicFileTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void A_failed_write_leaves_neither_temporary_nor_final_file()
    {
        string path = _dir.File("out.json");
        Assert.Throws<InvalidOperationException>(() => AtomicFile.Write(path, s =>
        {
            s.Write(new byte[100_000]);
            throw new InvalidOperationException("boom");
        }));
        Assert.Empty(Directory.GetFileSystemEntries(_dir.Path));
    }

    [Fact]
    public void A_failed_write_keeps_the_previous_file()
    {
        string path = _dir.Write("out.json", "old");
        Assert.Throws<InvalidOperationException>(() => AtomicFile.Write(path, _ => throw new InvalidOperationException("boom")));
        Assert.Equal("old", File.ReadAllText(path));
        Assert.Single(Directory.GetFileSystemEntries(_dir.Path));
    }

    [Fact]
    public void Writing_through_a_symbolic_link_replaces_its_target_and_keeps_the_link()
    {
        string target = _dir.Write("real.csv", "old");
        string link = _dir.File("link.csv");
        File.CreateSymbolicLink(link, "real.csv");

        int code = DlSimCli.Run(["workload", "generate", "--requests", "3", "-o", link], new StringWriter(), new StringWriter());

        Assert.Equal(DlSimCli.Ok, code);
        Assert.Equal("real.csv", new FileInfo(link).LinkTarget);
        Assert.Equal(4, File.ReadAllLines(target).Length);
        Assert.Equal(2, Directory.GetFileSystemEntries(_dir.Path).Length);
    }

    [Fact]
    public void A_write_that_fails_on_the_device_names_the_final_file_not_the_temporary_one()
    {
        string path = _dir.File("out.csv");
        var e = Assert.Throws<OutputException>(() => AtomicFile.Write(path, _ => throw new IOException($"No space left on device : '{path}.tmp-1-1'")));
        Assert.Equal($"cannot write {path}: No space left on device", e.Message);
        Assert.Empty(Directory.GetFileSystemEntries(_dir.Path));
    }

    [Theory]
    [InlineData("TERM")]
    [InlineData("INT")]
    public void A_signal_during_a_write_removes_the_temporary_file(string signal)
    {
        string exe = Path.Combine(AppContext.BaseDirectory, "DlSim.Cli");
        if (!File.Exists(exe) || OperatingSystem.IsWindows()) return;
        string output = _dir.File("big.csv");
        var start = new ProcessStartInfo(exe, ["workload", "generate", "--requests", "100000000", "-o", output])
        { RedirectStandardError = true, RedirectStandardOutput = true };
        using var process = Process.Start(start)!;
        var deadline = Stopwatch.StartNew();
        while (Directory.GetFiles(_dir.Path, "big.csv.tmp-*").Length == 0 && deadline.Elapsed < TimeSpan.FromSeconds(30) && !process.HasExited)
            Thread.Sleep(20);
        Assert.False(process.HasExited, "the write ended before it could be interrupted");
        Thread.Sleep(200);
        Process.Start("kill", ["-" + signal, process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])!.WaitForExit();
        Assert.True(process.WaitForExit(30_000));
        Assert.Empty(Directory.GetFileSystemEntries(_dir.Path));
    }
}
