using Xunit;
using DlSim.Cli;
using DlSim.Formats;
using DlSim.Plots;
using DlSim.Tests.BadInput;
using static DlSim.Tests.Cli.CliRunner;

namespace DlSim.Tests.Plots;

/// <summary><c>dlsim workload plot</c>: PNG and SVG with text in them, atomically written; bad flags in one line.</summary>
public class WorkloadPlotCommandTests
{
    private static readonly string Reference = ReferenceData.Workload("test_workload_8to2_30Hz_60s");

    [Theory]
    [InlineData("rate"), InlineData("gaps"), InlineData("both")]
    public void Writes_a_png_of_each_kind(string kind)
    {
        using var dir = new TempDir();
        var (code, stdout, stderr) = Run("workload", "plot", Reference, "-o", dir.File("w.png"), "--kind", kind);

        Assert.True(code == 0, stderr);
        Assert.Contains("1799 requests, 2 models", stdout);
        var png = File.ReadAllBytes(dir.File("w.png"));
        Assert.True(png.Length > 10_000, $"{png.Length} bytes");
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], png[..4]);
        Assert.Single(Directory.GetFiles(dir.Path));
    }

    [Fact]
    public void The_svg_holds_the_axis_labels_as_text_so_text_renders()
    {
        using var dir = new TempDir();
        var (code, _, stderr) = Run("workload", "plot", Reference, "-o", dir.File("w.svg"), "--bin", "5");

        Assert.True(code == 0, stderr);
        string svg = File.ReadAllText(dir.File("w.svg"));
        Assert.StartsWith("<?xml", svg);
        Assert.Contains("font-family=\"DejaVu Sans\"", svg);
        Assert.Contains("time (s)", svg);
        Assert.Contains("requests per second", svg);
        Assert.Contains("gap between successive requests (log scale)", svg);
        Assert.Contains("(5 s bins)", svg);
    }

    [Fact]
    public void Plots_a_parquet_workload_like_its_csv()
    {
        using var dir = new TempDir();
        using (var source = WorkloadFiles.OpenRead(Reference)) WorkloadFiles.Write(source, dir.File("w.parquet"));
        Run("workload", "plot", Reference, "-o", dir.File("csv.svg"));
        var (code, _, stderr) = Run("workload", "plot", dir.File("w.parquet"), "-o", dir.File("parquet.svg"));

        Assert.True(code == 0, stderr);
        // Skia numbers clip paths with a per-process counter; the drawing itself must be the same.
        static string Drawing(string svg) => System.Text.RegularExpressions.Regex.Replace(svg, "cl_[0-9a-f]+", "cl_N");
        Assert.Equal(Drawing(File.ReadAllText(dir.File("csv.svg"))), Drawing(File.ReadAllText(dir.File("parquet.svg"))));
    }

    [Fact]
    public void Help_lists_every_flag()
    {
        var (code, stdout, _) = Run("workload", "plot", "--help");
        Assert.Equal(0, code);
        foreach (string flag in new[] { "FILE", "--output", "--bin", "--kind", "--font", "rate", "gaps", "both" }) Assert.Contains(flag, stdout);
    }

    [Fact]
    public void A_missing_font_is_one_line_naming_the_file_and_the_package()
    {
        using var bad = new BadInputCase();
        string font = bad.Output("NoSuchFont.ttf");
        string line = bad.AssertOneLineError(["workload", "plot", Reference, "-o", bad.Output("w.png"), "--font", font], font + ": ", "a TrueType font");
        Assert.Contains(PlotFont.DebianPackage, line);
    }

    [Fact]
    public void A_file_that_is_not_a_font_is_one_line()
    {
        using var bad = new BadInputCase();
        string font = bad.Write("fake.ttf", "not a font");
        bad.AssertOneLineError(["workload", "plot", Reference, "-o", bad.Output("w.png"), "--font", font], font + ": ", "a TrueType font");
    }

    [Fact]
    public void An_unknown_image_extension_is_one_line()
    {
        using var bad = new BadInputCase();
        bad.AssertOneLineError(["workload", "plot", Reference, "-o", bad.Output("w.jpg")], "--output: ", "an output file name ending .png or .svg");
    }

    [Fact]
    public void A_non_positive_bin_is_one_line()
    {
        using var bad = new BadInputCase();
        bad.AssertOneLineError(["workload", "plot", Reference, "-o", bad.Output("w.png"), "--bin", "0"], "--bin: ", "a positive bin width");
    }

    [Fact]
    public void A_bad_workload_is_one_line_and_no_image()
    {
        using var bad = new BadInputCase();
        string csv = bad.Write("w.csv", "2,1,\"[0.5, 0.5]\",2,\"[0.1, 0.1]\",x\r\n0,1.0\r\n0,0.5\r\n");
        bad.AssertOneLineError(["workload", "plot", csv, "-o", bad.Output("w.png")], csv + ":3: ", "arrivals in ascending order");
    }
}
