using DlSim.Cli;
using DlSim.Tests.Analysis;
using DlSim.Tests.Parity;
using Xunit;

namespace DlSim.Tests.Plots;

/// <summary><c>compare --plot DIR</c>: simulated vs real latency per request and the error over time, with readable text.</summary>
public class ComparisonPlotTests
{
    private static string[] CompareArgs(int row)
    {
        var c = ParityCase.All[row];
        return ["compare", "-w", ReferenceData.Workload(c.Workload), "-p", ReferenceData.Placement(c.Placement), "-t", TraceFiles.TracePath(c)];
    }

    [Fact]
    public void Compare_writes_latency_per_request_and_error_over_time()
    {
        using var dir = new TempDir();
        var stdout = new StringWriter();
        Assert.Equal(0, DlSimCli.Run([.. CompareArgs(1), "--plot", dir.Path, "--plot-format", "svg"], stdout, new StringWriter()));

        string latency = File.ReadAllText(dir.File("latency_per_request.svg"));
        string errors = File.ReadAllText(dir.File("error_over_time.svg"));
        Assert.Contains("latency (ms)", latency);
        Assert.Contains("simulated (mean 173.1 ms", latency);
        Assert.Contains("error (ms)", errors);
        Assert.Contains($"plot: {dir.File("error_over_time.svg")}", stdout.ToString());

        Assert.Equal(0, DlSimCli.Run([.. CompareArgs(3), "--plot-dir", dir.File("png")], new StringWriter(), new StringWriter()));
        Assert.True(new FileInfo(Path.Combine(dir.File("png"), "error_over_time.png")).Length > 10_000);
    }

    [Fact]
    public void Plots_in_stochastic_mode_are_one_line_and_write_nothing()
    {
        using var dir = new TempDir();
        string plots = dir.File("plots");
        var stderr = new StringWriter();
        int code = DlSimCli.Run([.. CompareArgs(1), "--plot", plots, "--stochastic", "--calibration",
            Path.Combine(RepositoryRoot.Path, "samples", "calibration_reference.json"), "--allow-unused-calibration"], new StringWriter(), stderr);

        Assert.Equal(DlSimCli.BadInput, code);
        Assert.Equal("dlsim: --stochastic: expected no --plot (plots show one run, not a band), found one", stderr.ToString().Trim());
        Assert.False(Directory.Exists(plots));
    }
}
