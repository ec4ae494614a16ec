using DlSim.Cli;
using Xunit;

namespace DlSim.Tests.Plots;

public class SimulationPlotTests
{
    [Fact]
    public void Simulate_writes_a_latency_cdf_and_a_utilisation_timeline_with_readable_text()
    {
        using var dir = new TempDir();
        int code = DlSimCli.Run(["simulate", "--plot", dir.Path, "--plot-format", "svg"], new StringWriter(), new StringWriter());
        Assert.Equal(0, code);
        string cdf = File.ReadAllText(dir.File("latency_cdf.svg"));
        string util = File.ReadAllText(dir.File("utilization.svg"));
        Assert.Contains("latency (ms)", cdf);
        Assert.Contains("busy (%)", util);
        Assert.Equal(0, DlSimCli.Run(["simulate", "--plot", dir.File("png")], new StringWriter(), new StringWriter()));
        Assert.True(new FileInfo(Path.Combine(dir.File("png"), "latency_cdf.png")).Length > 10_000);
    }

    [Fact]
    public void The_json_carries_the_utilisation_timeline_when_a_bin_is_given()
    {
        var stdout = new StringWriter();
        Assert.Equal(0, DlSimCli.Run(["simulate", "--utilization-bin", "5", "--json"], stdout, new StringWriter()));
        Assert.Contains("\"utilization_timeline\"", stdout.ToString());
        Assert.Contains("\"bin_s\": 5", stdout.ToString());
    }

    [Theory]
    [InlineData("--plot-format", "gif", "dlsim: --plot-format: expected png or svg, found \"gif\"")]
    [InlineData("--utilization-bin", "0", "dlsim: --utilization-bin: expected seconds > 0")]
    public void Bad_plot_flags_are_one_line_errors(string flag, string value, string expected)
    {
        using var dir = new TempDir();
        var stderr = new StringWriter();
        Assert.Equal(2, DlSimCli.Run(["simulate", "--plot", dir.Path, flag, value], new StringWriter(), stderr));
        Assert.StartsWith(expected, stderr.ToString());
        Assert.Empty(Directory.GetFiles(dir.Path));
    }
}
