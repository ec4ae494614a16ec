using Xunit;

namespace DlSim.Tests.BadInput;

/// <summary>Output paths that cannot be written are refused while the command line is parsed, before
/// any work: exit 2, one line naming the flag as typed, nothing written.</summary>
public sealed class OutputPathBadInputTests : IDisposable
{
    private readonly BadInputCase _case = new();

    public void Dispose() => _case.Dispose();

    private static string[] Generate(string output, string flag = "-o") => ["workload", "generate", "--requests", "10", flag, output];

    [Fact]
    public void Output_that_is_a_folder()
    {
        string folder = _case.Input("results");
        Directory.CreateDirectory(folder);
        string line = _case.AssertOneLineError(Generate(folder), "-o: ", "a file path");
        Assert.EndsWith(", a folder", line);
    }

    [Fact]
    public void Output_under_a_file()
    {
        string file = _case.Write("notes.txt", "x");
        string line = _case.AssertOneLineError(Generate(Path.Combine(file, "w.csv"), "--output"), "--output: ", "\"" + Path.Combine(file, "w.csv") + "\" to be under a folder");
        Assert.EndsWith(", a regular file", line);
    }

    [Fact]
    public void Empty_output_path() =>
        _case.AssertOneLineError(Generate(""), "-o: ", "a file path, found an empty path");

    [Fact]
    public void Output_in_a_read_only_folder()
    {
        // /proc refuses new files even to root, unlike a chmod 555 folder.
        if (!Directory.Exists("/proc")) return;
        string line = _case.AssertOneLineError(Generate("/proc/dlsim-test.csv"), "-o: ", "a folder you can write in");
        Assert.EndsWith("found \"/proc\", read-only", line);
    }

    [Fact]
    public void Output_that_is_a_device() =>
        _case.AssertOneLineError(["simulate", "--json", "/dev/null"], "--json: ", "a file path, found \"/dev/null\", a device");

    [Fact]
    public void Empty_json_path() =>
        _case.AssertOneLineError(["simulate", "--json", ""], "--json: ", "a file path, found an empty path");

    [Fact]
    public void Trace_output_that_is_a_folder() =>
        _case.AssertOneLineError(["simulate", "--trace-out", _case.Dir], "--trace-out: ", "a file path");

    [Fact]
    public void Plot_folder_that_is_a_file()
    {
        string file = _case.Write("plots", "x");
        _case.AssertOneLineError(["simulate", "--plot", file], "--plot: ", "a folder path");
    }

    [Fact]
    public void Models_import_output_under_a_file()
    {
        string file = _case.Write("f", "x");
        _case.AssertOneLineError(["models", "synth", "--model", "m", "--latency", "0.1", "--weights", "1000", "-o", Path.Combine(file, "p.json")], "-o: ", "\"" + Path.Combine(file, "p.json") + "\" to be under a folder");
    }

    [Fact]
    public void Place_search_log_that_is_a_folder_is_refused_before_the_search()
    {
        string folder = _case.Input("log");
        Directory.CreateDirectory(folder);
        _case.AssertOneLineError(["place", "-w", "w.csv", "--models", "m", "--search-log", folder], "--search-log: ", "a file path");
    }
}
