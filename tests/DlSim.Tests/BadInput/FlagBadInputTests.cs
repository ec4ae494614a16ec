using Xunit;

namespace DlSim.Tests.BadInput;

/// <summary>Bad flag values: one line naming the flag, no output written.</summary>
public sealed class FlagBadInputTests : IDisposable
{
    private readonly BadInputCase _case = new();

    public void Dispose() => _case.Dispose();

    [Fact]
    public void Proportions_not_summing_to_1_in_workload_generate()
    {
        string[] args = ["workload", "generate", "--proportions", "0.5,0.2", "-o", _case.Output("workload.csv")];
        string line = _case.AssertOneLineError(args, "--proportions: ", "proportions summing to 1");
        Assert.EndsWith("found a sum of 0.7", line);
    }

    [Fact]
    public void Name_escaping_the_output_folder()
    {
        // With --chrome_trace the trace would go to chrome_trace/../escape.json: that file must not appear.
        string escaped = Path.GetFullPath(Path.Combine("chrome_trace", "..", "escape.json"));
        bool existedBefore = File.Exists(escaped);
        string[] args = ["simulate", "--name", "../escape", "--chrome_trace", "--json", _case.Output("result.json")];

        string line = _case.AssertOneLineError(args, "--name: ", "a plain name");

        Assert.EndsWith("found \"../escape\"", line);
        Assert.Equal(existedBefore, File.Exists(escaped));
    }
}
