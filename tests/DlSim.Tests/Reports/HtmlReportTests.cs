using System.Text.Json;
using System.Text.RegularExpressions;
using System.Xml;
using System.Xml.Linq;
using Xunit;
using DlSim.Foundation;
using DlSim.Plots.Reports;
using DlSim.Tests.BadInput;
using DlSim.Tests.Cli;

namespace DlSim.Tests.Reports;

/// <summary>The HTML report as a file: well-formed, every section there, every input escaped, nothing fetched from outside.</summary>
public class HtmlReportTests
{
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";

    /// <summary>Parses the page as XML (the writer keeps it well-formed); the DOCTYPE is skipped.</summary>
    internal static XDocument Parse(string html)
    {
        using var reader = XmlReader.Create(new StringReader(html), new XmlReaderSettings { DtdProcessing = DtdProcessing.Ignore });
        return XDocument.Load(reader);
    }

    [Theory]
    [InlineData(ReportRuns.Simulate)]
    [InlineData(ReportRuns.Compare)]
    [InlineData(ReportRuns.Place)]
    [InlineData(ReportRuns.Sweep)]
    [InlineData(ReportRuns.LlmSimulate)]
    [InlineData(ReportRuns.LlmCompare)]
    public void Each_report_is_well_formed_with_inputs_tables_and_a_drawn_svg_per_figure(string command)
    {
        using var dir = new TempDir();
        string html = File.ReadAllText(ReportRuns.Write(command, dir));
        var doc = Parse(html);
        var sections = doc.Descendants("section").Select(s => (string?)s.Attribute("id")).ToArray();
        Assert.Equal(["inputs", "results", "figures"], sections);
        Assert.NotEmpty(doc.Descendants("table").Where(t => (string?)t.Attribute("class") == "inputs").Single().Descendants("tbody").Single().Elements("tr"));
        var results = doc.Descendants("table").Where(t => (string?)t.Attribute("class") == "results").ToList();
        Assert.NotEmpty(results);
        Assert.All(results, t => Assert.NotEmpty(t.Descendants("tbody").Single().Elements("tr")));
        var figures = doc.Descendants("figure").ToList();
        Assert.Equal(ReportRuns.FigureIds(command).Select(id => "fig-" + id), figures.Select(f => (string?)f.Attribute("id")));
        foreach (var figure in figures)
        {
            var svg = figure.Element(Svg + "svg");
            Assert.NotNull(svg);
            Assert.NotNull(svg.Attribute("viewBox"));
            Assert.True(svg.Descendants(Svg + "path").Count() > 5, $"{figure.Attribute("id")} draws almost nothing");
            Assert.NotEmpty(svg.Descendants(Svg + "text"));
            // Every label in the plot font (DejaVu Sans, loaded from its file), none in a fallback face.
            Assert.All(svg.Descendants(Svg + "text"), t => Assert.Equal("DejaVu Sans", (string?)t.Attribute("font-family")));
        }
        AssertSelfContained(doc, html);
    }

    /// <summary>No script, no stylesheet or image link, and no attribute that points outside the file.</summary>
    private static void AssertSelfContained(XDocument doc, string html)
    {
        Assert.DoesNotContain(doc.Descendants(), e => e.Name.LocalName is "script" or "link" or "iframe" or "object" or "embed");
        foreach (var attribute in doc.Descendants().Attributes().Where(a => a.Name.LocalName is "src" or "href"))
            Assert.True(attribute.Value.StartsWith('#') || attribute.Value.StartsWith("data:", StringComparison.Ordinal),
                $"{attribute.Parent!.Name.LocalName} {attribute.Name} points outside the page: {attribute.Value}");
        Assert.DoesNotMatch(new Regex(@"url\(\s*['""]?(https?:)?//", RegexOptions.IgnoreCase), html);
        Assert.DoesNotMatch(new Regex(@"@import", RegexOptions.IgnoreCase), html);
    }

    [Fact]
    public void The_simulation_report_escapes_the_name_and_shows_the_same_figures_as_the_json()
    {
        using var dir = new TempDir();
        string name = "<b>x&amp;\"y'";
        string json = dir.File("r.json");
        string html = File.ReadAllText(ReportRuns.Write(ReportRuns.Simulate, dir, "--name", name, "--json", json));
        Assert.DoesNotContain("<b>x", html);
        var doc = Parse(html);
        Assert.Equal("dlsim simulate: " + name, doc.Descendants("title").Single().Value);
        Assert.Equal(name, doc.Descendants("td").First(td => td.Value == "--name").ElementsAfterSelf("td").Single().Value);

        using var results = JsonDocument.Parse(File.ReadAllText(json));
        var overall = results.RootElement.GetProperty("overall");
        var latency = doc.Descendants("table").First(t => t.Element("caption")?.Value == "Latency per model");
        var all = latency.Descendants("tr").Single(tr => tr.Elements("td").FirstOrDefault()?.Value == "all").Elements("td").Select(td => td.Value).ToArray();
        Assert.Equal(overall.GetProperty("requests").GetInt64().ToString(System.Globalization.CultureInfo.InvariantCulture), all[2]);
        Assert.Equal((overall.GetProperty("p99_s").GetDouble() * 1000).ToString("F3", System.Globalization.CultureInfo.InvariantCulture), all[7]);
    }

    [Fact]
    public void The_same_run_writes_the_same_report_byte_for_byte()
    {
        using var dir = new TempDir();
        string first = File.ReadAllText(ReportRuns.Write(ReportRuns.Simulate, dir));
        string second = File.ReadAllText(ReportRuns.Write(ReportRuns.Simulate, dir));
        Assert.Equal(first, second);
    }

    [Fact]
    public void The_writer_escapes_every_string_it_is_given()
    {
        string evil = "</td><script>alert(1)</script>&\"'\u0001";
        var page = new ReportPage(evil, evil)
        {
            Inputs = [new ReportInput(evil, evil), new ReportInput("--x", evil, IsDefault: true)],
            Tables = [new ReportTable(evil, [evil, "n"], [[evil, "-1.5"]])],
            Notes = [evil],
            Figures = [new ReportFigure("f", evil, "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 1 1\"><path d=\"M0 0L1 1\"/></svg>")],
        };
        string html = HtmlReportWriter.Render(page);
        Assert.DoesNotContain("<script", html);
        Assert.DoesNotContain("\u0001", html);
        var doc = Parse(html);
        Assert.Equal("</td><script>alert(1)</script>&\"'\uFFFD", doc.Descendants("h1").Single().Value);
        // title, h1, summary, input name and value, caption, header, cell, note, figure caption; and the default's value.
        Assert.Equal(10, doc.Descendants().Count(e => e.Value == "</td><script>alert(1)</script>&\"'\uFFFD" && !e.HasElements));
        Assert.Single(doc.Descendants("tr"), tr => (string?)tr.Attribute("class") == "default" && tr.Value == "--x</td><script>alert(1)</script>&\"'\uFFFD (default)");
        Assert.Equal("num", (string?)doc.Descendants("td").Single(td => td.Value == "-1.5").Attribute("class"));
    }

    [Fact]
    public void Svg_from_the_plot_renderer_loses_its_xml_declaration_and_gains_a_view_box()
    {
        string inline = SvgFigures.Inline("fig", "<?xml version=\"1.0\" encoding=\"utf-8\" ?>\n<svg width=\"30\" height=\"20\"><path d=\"M0 0\"/></svg>", 30, 20);
        Assert.Equal("<svg viewBox=\"0 0 30 20\" width=\"30\" height=\"20\"><path d=\"M0 0\"/></svg>", inline);
    }

    [Fact]
    public void Svg_ids_are_renumbered_per_figure_so_figures_in_one_page_never_share_one_and_runs_match()
    {
        string svg = "<svg><clipPath id=\"cl_4e\"><rect/></clipPath><clipPath id=\"cl_4\"/><path clip-path=\"url(#cl_4e)\"/><g clip-path=\"url(#cl_4)\"/><use xlink:href=\"#cl_4\"/></svg>";
        Assert.Equal("<svg viewBox=\"0 0 1 1\"><clipPath id=\"q-1\"><rect/></clipPath><clipPath id=\"q-2\"/><path clip-path=\"url(#q-1)\"/><g clip-path=\"url(#q-2)\"/><use xlink:href=\"#q-2\"/></svg>",
            SvgFigures.Inline("q", svg, 1, 1));
    }

    [Fact]
    public void A_report_path_that_cannot_be_written_is_one_line_before_any_work()
    {
        using var bad = new BadInputCase();
        string folder = bad.Input("folder"), file = bad.Write("file", "");
        Directory.CreateDirectory(folder);
        bad.AssertOneLineError(["simulate", "--report", folder], "--report: ", "a file path");
        bad.AssertOneLineError(["compare", "-w", "w.csv", "-p", "p.json", "-t", "t.json", "--report", Path.Combine(file, "r.html")], "--report: ", ErrorQuote(Path.Combine(file, "r.html")) + " to be under a folder");
        bad.AssertOneLineError(["simulate", "--report", ""], "--report: ", "a file path, found an empty path");
        bad.AssertOneLineError(["sweep", "plot", bad.Dir, "--x", "--rate", "--report", folder + "/"], "--report: ", "a file path");
    }

    private static string ErrorQuote(string path) => DlSim.Foundation.ErrorText.Quote(path);

    [Fact]
    public void A_report_of_a_stochastic_band_or_a_sweep_plot_with_nowhere_to_write_is_refused()
    {
        using var bad = new BadInputCase();
        string calibration = Path.Combine(RepositoryRoot.Path, "samples", "calibration_reference.json");
        var c = Parity.ParityCase.All[1];
        bad.AssertOneLineError(["compare", "-w", ReferenceData.Workload(c.Workload), "-p", ReferenceData.Placement(c.Placement), "-t", Analysis.TraceFiles.TracePath(c),
            "--stochastic", "--calibration", calibration, "--allow-unused-calibration", "--report", bad.Output("r.html")], "--stochastic: ", "no --report");
        bad.AssertOneLineError(["sweep", "plot", bad.Dir, "--x", "--rate"], "sweep plot: ", "--output DIR or --report FILE");
    }
}
