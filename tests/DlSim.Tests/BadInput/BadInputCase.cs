using DlSim.Cli;
using Xunit;

namespace DlSim.Tests.BadInput;

/// <summary>
/// One bad-input run of the CLI, in-process, in its own temporary folder. The contract checked for
/// every case (GUIDE "Inputs, errors and outputs"): exit code 2; exactly one line on stderr, starting
/// <c>dlsim: FILE:LINE:</c> (or <c>dlsim: --flag:</c>) and saying what was expected; no stack trace;
/// nothing on stdout; and no output file, temporary or final, left behind.
/// </summary>
public sealed class BadInputCase : IDisposable
{
    public string Dir { get; } = Directory.CreateTempSubdirectory("dlsim-bad-").FullName;

    private readonly HashSet<string> _inputs = [];

    /// <summary>Writes an input file into the folder and returns its full path.</summary>
    public string Write(string name, string content)
    {
        string path = Path.Combine(Dir, name);
        File.WriteAllText(path, content);
        _inputs.Add(path);
        return path;
    }

    /// <summary>A path in the folder for an input the test writes itself (binary files, say).</summary>
    public string Input(string name)
    {
        string path = Path.Combine(Dir, name);
        _inputs.Add(path);
        return path;
    }

    /// <summary>A path in the folder for an output the run must not create.</summary>
    public string Output(string name) => Path.Combine(Dir, name);

    /// <summary>Runs <c>dlsim ARGS</c> and checks the one-line error contract; returns the line.</summary>
    /// <param name="prefix">What the line starts with after "dlsim: ", e.g. "FILE:3: " or "--name: ".</param>
    /// <param name="expected">A phrase of the "expected ..." part that says what was wanted.</param>
    public string AssertOneLineError(string[] args, string prefix, string expected)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();

        int code = DlSimCli.Run(args, stdout, stderr);

        string err = stderr.ToString();
        var lines = err.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(lines.Length == 1, $"expected one line on stderr, found {lines.Length}:\n{err}");
        string line = lines[0].TrimEnd('\r');
        Assert.Equal(DlSimCli.BadInput, code);
        Assert.StartsWith("dlsim: " + prefix, line);
        Assert.Contains("expected " + expected, line);
        Assert.DoesNotContain("   at ", err);
        Assert.Equal("", stdout.ToString());
        var leftovers = Directory.GetFileSystemEntries(Dir).Where(p => !_inputs.Contains(p)).ToArray();
        Assert.True(leftovers.Length == 0, "expected no output files, found " + string.Join(", ", leftovers));
        return line;
    }

    public void Dispose() => Directory.Delete(Dir, recursive: true);
}
