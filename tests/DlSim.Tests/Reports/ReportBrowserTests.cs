using System.Text.Json;
using PuppeteerSharp;
using SkiaSharp;
using Xunit;

namespace DlSim.Tests.Reports;

/// <summary>
/// Opens each command's HTML report in headless Chromium, as a person would: the page loads without a console error or a
/// failed request, every plot is laid out with drawn content, and screenshots of the page and of each plot are not blank.
/// </summary>
public class ReportBrowserTests
{
    private const int ViewportWidth = 1280;

    [Theory]
    [InlineData(ReportRuns.Simulate)]
    [InlineData(ReportRuns.Compare)]
    [InlineData(ReportRuns.Place)]
    [InlineData(ReportRuns.Sweep)]
    [InlineData(ReportRuns.LlmSimulate)]
    [InlineData(ReportRuns.LlmCompare)]
    public async Task The_report_opens_in_chromium_without_errors_and_every_plot_draws(string command)
    {
        using var dir = new TempDir();
        string report = ReportRuns.Write(command, dir);
        await using var browser = await Puppeteer.LaunchAsync(new LaunchOptions
        {
            ExecutablePath = SystemChromium.Path(),
            Headless = true,
            // Root in CI cannot use Chromium's sandbox; /dev/shm is small in containers.
            Args = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run"],
        });
        await using var page = await browser.NewPageAsync();
        var problems = new List<string>();
        page.Console += (_, e) => { if (e.Message.Type is ConsoleType.Error or ConsoleType.Warning) problems.Add($"console {e.Message.Type}: {e.Message.Text}"); };
        page.PageError += (_, e) => problems.Add("page error: " + e.Message);
        page.RequestFailed += (_, e) => problems.Add("request failed: " + e.Request.Url);
        page.Request += (_, e) => { if (!e.Request.Url.StartsWith("file://", StringComparison.Ordinal)) problems.Add("request outside the file: " + e.Request.Url); };
        await page.SetViewportAsync(new ViewPortOptions { Width = ViewportWidth, Height = 1000 });

        var response = await page.GoToAsync(new Uri(report).AbsoluteUri, WaitUntilNavigation.Load);
        Assert.True(response.Ok, $"loading {report}: {response.Status}");
        Assert.Empty(problems);

        string json = await page.EvaluateExpressionAsync<string>("""
            JSON.stringify(Array.from(document.querySelectorAll('figure.plot')).map(f => {
              const svg = f.querySelector('svg');
              if (!svg) return { id: f.id, width: 0, height: 0, contentWidth: 0, contentHeight: 0, shapes: 0, texts: 0 };
              const box = svg.getBoundingClientRect(), content = svg.getBBox();
              return { id: f.id, width: box.width, height: box.height, contentWidth: content.width, contentHeight: content.height,
                       shapes: svg.querySelectorAll('path, rect, line, polyline, polygon, circle').length,
                       texts: Array.from(svg.querySelectorAll('text')).filter(t => t.textContent.trim().length > 0).length };
            }))
            """);
        var plots = JsonSerializer.Deserialize<PlotLayout[]>(json, new JsonSerializerOptions { PropertyNameCaseInsensitive = true })!;
        Assert.Equal(ReportRuns.FigureIds(command).Select(id => "fig-" + id), plots.Select(p => p.Id));
        foreach (var p in plots)
        {
            Assert.True(p.Width > 400 && p.Height > 150, $"{p.Id} is laid out {p.Width}×{p.Height}");
            Assert.True(p.ContentWidth > 0 && p.ContentHeight > 0, $"{p.Id} draws nothing ({p.ContentWidth}×{p.ContentHeight})");
            Assert.True(p.Shapes > 5 && p.Texts > 3, $"{p.Id} has {p.Shapes} shapes and {p.Texts} labels");
        }

        foreach (var element in await page.QuerySelectorAllAsync("figure.plot svg"))
            AssertNotBlank(await element.ScreenshotDataAsync(), await element.EvaluateFunctionAsync<string>("e => e.parentElement.id"));
        byte[] whole = await page.ScreenshotDataAsync(new ScreenshotOptions { FullPage = true, Type = ScreenshotType.Png });
        AssertNotBlank(whole, "the page");
        Assert.Empty(problems);
    }

    private sealed record PlotLayout(string Id, double Width, double Height, double ContentWidth, double ContentHeight, int Shapes, int Texts);

    /// <summary>A blank image is one colour; a drawn plot has axes, lines and text in several.</summary>
    private static void AssertNotBlank(byte[] png, string what)
    {
        using var bitmap = SKBitmap.Decode(png);
        Assert.True(bitmap is not null, $"the screenshot of {what} is not a PNG");
        var colours = new HashSet<uint>();
        int inked = 0;
        var background = bitmap.GetPixel(0, 0);
        for (int y = 0; y < bitmap.Height; y += 2)
            for (int x = 0; x < bitmap.Width; x += 2)
            {
                var c = bitmap.GetPixel(x, y);
                colours.Add((uint)c);
                if (c != background) inked++;
            }
        Assert.True(colours.Count > 8, $"the screenshot of {what} has {colours.Count} colours");
        Assert.True(inked > 200, $"the screenshot of {what} has {inked} sampled pixels off its background");
    }
}
