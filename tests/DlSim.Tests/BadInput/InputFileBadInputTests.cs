using System.Diagnostics;
using System.Text;
using DlSim.Cli;
using Xunit;

namespace DlSim.Tests.BadInput;

/// <summary>Odd input files (devices, pipes, folders, bad encodings, endless lines, duplicate JSON keys):
/// one line at FILE:LINE in plain words, no output written, no hang.</summary>
public sealed class InputFileBadInputTests : IDisposable
{
    private const string Header = "2,6.667,\"[0.8, 0.2]\",20,\"[0.25, 0.25]\",odd\n";

    private readonly BadInputCase _case = new();

    public void Dispose() => _case.Dispose();

    private string[] SimulateWorkload(string path) => ["simulate", "-w", path, "--json", _case.Output("result.json")];

    private string[] SimulatePlacement(string path) => ["simulate", "-p", path, "--json", _case.Output("result.json")];

    private string WriteBytes(string name, byte[] bytes)
    {
        string path = _case.Input(name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    [Fact]
    public void Workload_that_is_a_device()
    {
        if (!File.Exists("/dev/zero")) return;
        _case.AssertOneLineError(SimulateWorkload("/dev/zero"), "/dev/zero: ", "a regular workload file, found a device");
    }

    [Fact]
    public void Workload_that_is_a_pipe()
    {
        if (OperatingSystem.IsWindows()) return;
        string fifo = _case.Input("pipe.csv");
        Process.Start("mkfifo", [fifo])!.WaitForExit();
        _case.AssertOneLineError(SimulateWorkload(fifo), fifo + ": ", "a regular workload file, found a pipe (FIFO)");
    }

    [Fact]
    public void Placement_that_is_a_folder()
    {
        string folder = _case.Input("placement.json");
        Directory.CreateDirectory(folder);
        _case.AssertOneLineError(SimulatePlacement(folder), folder + ": ", "a regular file, found a folder");
    }

    [Fact]
    public void Invalid_utf8_in_a_json_input_is_reported_at_its_line()
    {
        string path = WriteBytes("placement.json", [.. "{\n  \"x\": \""u8, 0xC3, 0x28, .. "\"\n}\n"u8]);
        string line = _case.AssertOneLineError(SimulatePlacement(path), path + ":2: ", "UTF-8 text");
        Assert.EndsWith("found the byte 0xC3 at byte 9 of the line", line);
    }

    [Fact]
    public void Invalid_utf8_in_a_csv_input_is_reported_at_its_line()
    {
        string path = WriteBytes("workload.csv", [.. Encoding.UTF8.GetBytes(Header + "0,0.0\n0,"), 0xFF, .. "1\n"u8]);
        _case.AssertOneLineError(SimulateWorkload(path), path + ":3: ", "UTF-8 text, found the byte 0xFF at byte 3 of the line");
    }

    [Fact]
    public void A_utf16_file_is_refused_by_name()
    {
        string path = WriteBytes("workload.csv", [0xFF, 0xFE, .. Encoding.Unicode.GetBytes(Header)]);
        _case.AssertOneLineError(SimulateWorkload(path), path + ":1: ", "UTF-8 text, found a UTF-16 byte order mark");
    }

    [Fact]
    public void Duplicate_json_keys_are_refused()
    {
        string path = _case.Write("placement.json", "{\n  \"a\": 1,\n  \"a\": 2\n}\n");
        _case.AssertOneLineError(SimulatePlacement(path), path + ":3: ", "each field once in an object, found \"a\" again (first on line 2)");
    }

    [Theory]
    [InlineData("\uFEFF\uFEFF{}", 1, "a value (an object, list, string, number, true, false or null), found the character U+FEFF")]
    [InlineData("{\n  \"a\": [1, 2\n", 3, "the rest of the document (every '{' and '[' closed), found the end of the file")]
    [InlineData("{\"a\" 1}", 1, "':' after a field name, found '1'")]
    [InlineData("{\"a\": 1e999}", 1, "a number between -1.8e308 and 1.8e308, found a larger one")]
    public void Json_syntax_errors_are_plain_words(string text, int lineNo, string expected)
    {
        string path = _case.Write("placement.json", text);
        string line = _case.AssertOneLineError(SimulatePlacement(path), $"{path}:{lineNo}: ", expected);
        Assert.DoesNotContain("depth", line);
        Assert.DoesNotContain("0x", line);
        Assert.DoesNotContain("System.", line);
    }

    [Fact]
    public void A_line_over_the_limit_is_refused_without_reading_it_whole()
    {
        string path = _case.Write("workload.csv", Header + "0," + new string('1', 3 << 20) + "\n");
        _case.AssertOneLineError(SimulateWorkload(path), path + ":2: ", "lines of at most 1048576 bytes (the limit)");
    }

    [Fact]
    public void A_byte_order_mark_is_accepted_in_json_as_in_csv()
    {
        string placement = Path.Combine(ReferenceData.Root, "placements", "placement_interop.json");
        string withBom = WriteBytes("placement.json", [0xEF, 0xBB, 0xBF, .. File.ReadAllBytes(placement)]);
        var plain = new StringWriter();
        var bom = new StringWriter();
        Assert.Equal(DlSimCli.Ok, DlSimCli.Run(["simulate", "-p", placement], plain, new StringWriter()));
        Assert.Equal(DlSimCli.Ok, DlSimCli.Run(["simulate", "-p", withBom], bom, new StringWriter()));
        Assert.Equal(plain.ToString(), bom.ToString());
    }
}
