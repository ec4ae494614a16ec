using Xunit;
using DlSim.Cli;
using DlSim.Foundation;

namespace DlSim.Tests.BadInput;

/// <summary>Error lines are safe to print: control characters escaped, long values cut, a few problems per file then "N more".</summary>
public sealed class ErrorTextTests : IDisposable
{
    private const string Header = "2,6.667,\"[0.8, 0.2]\",20,\"[0.25, 0.25]\",odd\n";

    private readonly BadInputCase _case = new();

    public void Dispose() => _case.Dispose();

    [Fact]
    public void Escape_sequences_from_a_file_do_not_reach_the_terminal()
    {
        string path = _case.Write("workload.csv", Header + "0,0.0\n0,\u001b[2J\u001b]0;owned\u0007\n");
        string line = _case.AssertOneLineError(["simulate", "-w", path], path + ":3: ", "arrival_s a finite number");
        Assert.DoesNotContain('\u001b', line);
        Assert.DoesNotContain('\u0007', line);
        Assert.EndsWith("found \"\\u001B[2J\\u001B]0;owned\\u0007\"", line);
    }

    [Fact]
    public void A_huge_field_is_cut_in_the_error()
    {
        string path = _case.Write("workload.csv", Header + "0,0.0\n0," + new string('x', 500_000) + "\n");
        string line = _case.AssertOneLineError(["simulate", "-w", path], path + ":3: ", "arrival_s a finite number");
        Assert.True(line.Length <= ErrorText.MaxLineLength + "dlsim: ".Length + 1, $"line of {line.Length} characters");
        Assert.EndsWith("…", line);
    }

    [Fact]
    public void A_wrong_file_gives_a_few_lines_then_a_count()
    {
        string path = _case.Write("workload.csv", Header + string.Concat(Enumerable.Repeat("a,b\n", 100)));
        var stderr = new StringWriter();
        var stdout = new StringWriter();

        int code = DlSimCli.Run(["simulate", "-w", path, "--json", _case.Output("r.json")], stdout, stderr);

        var lines = stderr.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(DlSimCli.BadInput, code);
        Assert.Equal(InputErrorList.MaxReported + 1, lines.Length);
        Assert.Equal($"dlsim: {path}: 95 more problems not shown", lines[^1]);
        Assert.Empty(Directory.GetFiles(_case.Dir, "r.json*"));
    }

    [Theory]
    [InlineData("plain", 80, "plain")]
    [InlineData("a\nb\tc\rd", 80, "a\\nb\\tc\\rd")]
    [InlineData("abcdef", 3, "abc…")]
    [InlineData("\u202Eevil", 80, "\\u202Eevil")]
    public void Clean_escapes_and_cuts(string text, int max, string expected) => Assert.Equal(expected, ErrorText.Clean(text, max));

    [Theory]
    [InlineData("--seed", "abc", "--seed: ", "a whole number from 0 to 18446744073709551615, found \"abc\"")]
    [InlineData("-n", "1e3", "-n: ", "a whole number, found \"1e3\"")]
    [InlineData("--trim", "x", "--trim: ", "a number, found \"x\"")]
    public void Flag_values_of_the_wrong_type_name_the_flag_as_typed_and_no_dotnet_type(string flag, string value, string prefix, string expected)
    {
        string line = _case.AssertOneLineError(["simulate", flag, value, "--json", _case.Output("r.json")], prefix, expected);
        Assert.DoesNotContain("System.", line);
    }
}
