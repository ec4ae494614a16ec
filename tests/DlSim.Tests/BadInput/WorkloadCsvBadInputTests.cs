using Xunit;

namespace DlSim.Tests.BadInput;

/// <summary>Bad workload CSV files given to <c>simulate -w</c>: one line naming the file and row, no output written.</summary>
public sealed class WorkloadCsvBadInputTests : IDisposable
{
    private const string Header = "2,6.667,\"[0.8, 0.2]\",20,\"[0.25, 0.25]\",bad_input\r\n";

    private readonly BadInputCase _case = new();

    public void Dispose() => _case.Dispose();

    /// <summary>Simulates the workload text on the built-in placement, asking for JSON and a trace that must not appear.</summary>
    private string Simulate(string csv, int line, string expected)
    {
        string path = _case.Write("workload.csv", csv);
        string[] args = ["simulate", "-w", path, "--json", _case.Output("result.json"), "--trace-out", _case.Output("trace.json")];
        return _case.AssertOneLineError(args, $"{path}:{line}: ", expected);
    }

    [Fact]
    public void Missing_column_in_a_request_row()
    {
        string line = Simulate(Header + "0,0.0\r\n0\r\n0,0.5\r\n", 3, "2 columns");
        Assert.EndsWith("found 1", line);
    }

    [Fact]
    public void Missing_column_in_the_header_row()
    {
        string line = Simulate("2,6.667,\"[0.8, 0.2]\",20,\"[0.25, 0.25]\"\r\n0,0.0\r\n", 1, "6 header columns");
        Assert.EndsWith("found 5", line);
    }

    [Fact]
    public void Extra_column_in_a_request_row()
    {
        string line = Simulate(Header + "0,0.0\r\n0,0.5,7\r\n", 3, "2 columns");
        Assert.EndsWith("found 3", line);
    }

    [Fact]
    public void Non_numeric_arrival()
    {
        string line = Simulate(Header + "0,0.0\r\n1,abc\r\n", 3, "arrival_s a finite number ≥ 0");
        Assert.Contains("\"abc\"", line);
    }

    [Fact]
    public void NaN_arrival()
    {
        string line = Simulate(Header + "0,0.0\r\n0,nan\r\n0,0.7\r\n", 3, "arrival_s a finite number ≥ 0");
        Assert.Contains("\"nan\"", line);
    }

    [Fact]
    public void Negative_arrival()
    {
        string line = Simulate(Header + "0,-1\r\n0,0.5\r\n", 2, "arrival_s a finite number ≥ 0");
        Assert.Contains("\"-1\"", line);
    }

    [Fact]
    public void Unsorted_arrivals()
    {
        string line = Simulate(Header + "0,0.0\r\n0,0.5\r\n1,0.3\r\n0,0.6\r\n", 4, "arrivals in ascending order");
        Assert.EndsWith("found 0.3 after 0.5", line);
    }

    [Fact]
    public void Malformed_bracketed_list_in_header()
    {
        string csv = "2,6.667,\"[0.8; 0.2]\",20,\"[0.25, 0.25]\",bad_input\r\n0,0.0\r\n";
        string line = Simulate(csv, 1, "proportions as a bracketed list of numbers");
        Assert.Contains("\"[0.8; 0.2]\"", line);
    }

    [Fact]
    public void Unclosed_bracketed_list_in_header()
    {
        string csv = "2,6.667,\"[0.8, 0.2]\",20,\"[0.25, 0.25\",bad_input\r\n0,0.0\r\n";
        Simulate(csv, 1, "slos_s as a bracketed list of numbers");
    }

    [Fact]
    public void Proportions_not_summing_to_1_in_header()
    {
        string csv = "2,6.667,\"[0.5, 0.2]\",20,\"[0.25, 0.25]\",bad_input\r\n0,0.0\r\n";
        string line = Simulate(csv, 1, "non-negative proportions summing to 1");
        Assert.Contains("sum 0.7", line);
    }

    [Fact]
    public void Workload_file_that_does_not_exist()
    {
        // A file that is not there has no line: the error names the path alone.
        string path = _case.Output("missing.csv");
        string[] args = ["simulate", "-w", path, "--json", _case.Output("result.json")];
        _case.AssertOneLineError(args, $"{path}: ", "an existing workload file");
    }
}
