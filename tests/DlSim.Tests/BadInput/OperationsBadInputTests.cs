using Xunit;

namespace DlSim.Tests.BadInput;

/// <summary>Bad inputs to <c>workload merge | slice | scale</c>: one line naming the file and row (or the flag), no output written.</summary>
public sealed class OperationsBadInputTests : IDisposable
{
    private const string TwoModels = "2,1,\"[0.5, 0.5]\",10,\"[0.25, 0.25]\",two\r\n0,0.5\r\n1,1.5\r\n0,2.5\r\n";
    private const string ThreeModels = "3,1,\"[0.5, 0.25, 0.25]\",10,\"[0.25, 0.25, 0.25]\",three\r\n2,0.7\r\n";

    private readonly BadInputCase _case = new();

    public void Dispose() => _case.Dispose();

    private string Out => _case.Output("out.csv");

    [Fact]
    public void Slice_ending_before_it_starts()
    {
        string w = _case.Write("w.csv", TwoModels);
        _case.AssertOneLineError(["workload", "slice", w, "--from", "5", "--to", "5", "-o", Out], "--to: ", "a time after --from (5 s)");
    }

    [Fact]
    public void Slice_with_no_request_in_the_window()
    {
        string w = _case.Write("w.csv", TwoModels);
        _case.AssertOneLineError(["workload", "slice", w, "--from", "3", "--to", "9", "-o", Out], "--from: ", "the window [--from, --to) to hold at least one request");
    }

    [Fact]
    public void Slice_of_a_workload_with_a_bad_row_after_the_window()
    {
        string w = _case.Write("w.csv", TwoModels + "7,3.5\r\n");
        string line = _case.AssertOneLineError(["workload", "slice", w, "--to", "1", "-o", Out], $"{w}:5: ", "model_id an integer from 0 to 1");
        Assert.EndsWith("found \"7\"", line);
    }

    [Fact]
    public void Scale_without_a_factor()
    {
        string w = _case.Write("w.csv", TwoModels);
        _case.AssertOneLineError(["workload", "scale", w, "-o", Out], "--rate-factor: ", "--rate-factor F or --time-factor F");
    }

    [Theory]
    [InlineData("--rate-factor", "0", "a factor > 0")]
    [InlineData("--rate-factor", "-1", "a factor > 0")]
    [InlineData("--time-factor", "0", "a factor from 1e-9 to 1e9 (the limits)")]
    public void Scale_by_a_non_positive_factor(string flag, string value, string expected)
    {
        string w = _case.Write("w.csv", TwoModels);
        _case.AssertOneLineError(["workload", "scale", w, flag, value, "-o", Out], flag + ": ", expected);
    }

    [Fact]
    public void Merge_with_a_bad_row_in_the_second_workload()
    {
        string a = _case.Write("a.csv", TwoModels);
        string b = _case.Write("b.csv", ThreeModels + "1,x\r\n");
        string line = _case.AssertOneLineError(["workload", "merge", a, b, "-o", Out], $"{b}:3: ", "arrival_s a finite number ≥ 0");
        Assert.EndsWith("found \"x\"", line);
    }

    [Fact]
    public void Merge_with_shared_ids_of_workloads_with_different_models()
    {
        string a = _case.Write("a.csv", TwoModels);
        string b = _case.Write("b.csv", ThreeModels);
        _case.AssertOneLineError(["workload", "merge", a, b, "--model-ids", "shared", "-o", Out], $"{b}: ", "2 models with SLOs [0.25, 0.25]");
    }

    [Fact]
    public void Merge_with_an_unknown_model_id_mode()
    {
        string a = _case.Write("a.csv", TwoModels);
        _case.AssertOneLineError(["workload", "merge", a, a, "--model-ids", "renumber", "-o", Out], "--model-ids: ", "offset or shared");
    }

    [Fact]
    public void Merge_of_a_missing_file()
    {
        string a = _case.Write("a.csv", TwoModels);
        string missing = _case.Output("missing.csv");
        _case.AssertOneLineError(["workload", "merge", a, missing, "-o", Out], $"{missing}: ", "an existing workload file");
    }
}
