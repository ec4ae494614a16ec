using System.Text;
using DlSim.Formats.Files;

namespace DlSim.Plots.Reports;

/// <summary>
/// Writes a <see cref="ReportPage"/> as one self-contained HTML page: inline CSS, inline SVG figures, no script and no
/// link to anything outside the file, so it opens offline and can be mailed or archived as is. The markup is also
/// well-formed XML (every element closed, every attribute quoted), which lets tools parse it.
/// </summary>
public static class HtmlReportWriter
{
    /// <summary>Writes the page atomically to <paramref name="path"/> (UTF-8).</summary>
    public static void Write(ReportPage page, string path) => AtomicFile.WriteText(path, Render(page));

    public static string Render(ReportPage page)
    {
        var html = new StringBuilder(64 * 1024);
        html.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\" />\n")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\" />\n")
            .Append("<title>").Append(Escape(page.Title)).Append("</title>\n<style>").Append(Style).Append("</style>\n</head>\n<body>\n<main>\n")
            .Append("<header><h1>").Append(Escape(page.Title)).Append("</h1>\n<p class=\"summary\">").Append(Escape(page.Summary)).Append("</p></header>\n");
        WriteInputs(html, page.Inputs);
        WriteTables(html, page.Tables, page.Notes);
        WriteFigures(html, page.Figures);
        html.Append("<footer>Made by dlsim. Self-contained: this file needs no network to view.</footer>\n</main>\n</body>\n</html>\n");
        return html.ToString();
    }

    private static void WriteInputs(StringBuilder html, IReadOnlyList<ReportInput> inputs)
    {
        html.Append("<section id=\"inputs\">\n<h2>Inputs</h2>\n<table class=\"inputs\">\n<thead><tr><th>input</th><th>value</th></tr></thead>\n<tbody>\n");
        foreach (var input in inputs)
        {
            html.Append(input.IsDefault ? "<tr class=\"default\">" : "<tr>")
                .Append("<td>").Append(Escape(input.Name)).Append("</td><td>").Append(Escape(input.Value));
            if (input.IsDefault) html.Append(" <span class=\"note\">(default)</span>");
            html.Append("</td></tr>\n");
        }
        html.Append("</tbody>\n</table>\n</section>\n");
    }

    private static void WriteTables(StringBuilder html, IReadOnlyList<ReportTable> tables, IReadOnlyList<string> notes)
    {
        html.Append("<section id=\"results\">\n<h2>Results</h2>\n");
        foreach (var table in tables)
        {
            html.Append("<table class=\"results\">\n<caption>").Append(Escape(table.Caption)).Append("</caption>\n<thead><tr>");
            foreach (string header in table.Headers) html.Append("<th>").Append(Escape(header)).Append("</th>");
            html.Append("</tr></thead>\n<tbody>\n");
            foreach (var row in table.Rows)
            {
                html.Append("<tr>");
                foreach (string cell in row) html.Append(IsNumber(cell) ? "<td class=\"num\">" : "<td>").Append(Escape(cell)).Append("</td>");
                html.Append("</tr>\n");
            }
            html.Append("</tbody>\n</table>\n");
        }
        foreach (string note in notes) html.Append("<p class=\"note\">").Append(Escape(note)).Append("</p>\n");
        html.Append("</section>\n");
    }

    private static void WriteFigures(StringBuilder html, IReadOnlyList<ReportFigure> figures)
    {
        html.Append("<section id=\"figures\">\n<h2>Figures</h2>\n");
        if (figures.Count > 1)
        {
            html.Append("<ul class=\"contents\">\n");
            foreach (var f in figures) html.Append("<li><a href=\"#fig-").Append(Escape(f.Id)).Append("\">").Append(Escape(f.Caption)).Append("</a></li>\n");
            html.Append("</ul>\n");
        }
        foreach (var f in figures)
            html.Append("<figure class=\"plot\" id=\"fig-").Append(Escape(f.Id)).Append("\">\n<figcaption>").Append(Escape(f.Caption))
                .Append("</figcaption>\n").Append(f.Svg).Append("\n</figure>\n");
        html.Append("</section>\n");
    }

    /// <summary>Text made safe for element content and quoted attributes; characters XML forbids become U+FFFD.</summary>
    public static string Escape(string text)
    {
        var sb = new StringBuilder(text.Length + 16);
        foreach (char c in text)
            sb.Append(c switch
            {
                '&' => "&amp;",
                '<' => "&lt;",
                '>' => "&gt;",
                '"' => "&quot;",
                '\'' => "&#39;",
                _ when c < ' ' && c is not ('\t' or '\n' or '\r') => "\uFFFD",
                '\uFFFE' or '\uFFFF' => "\uFFFD",
                _ => c.ToString(),
            });
        return sb.ToString();
    }

    private static bool IsNumber(string cell) =>
        cell.Length > 0 && (char.IsAsciiDigit(cell[0]) || (cell.Length > 1 && cell[0] == '-' && char.IsAsciiDigit(cell[1])));

    private const string Style = """

        body { margin: 0; background: #f6f7f9; color: #1d2330; font: 15px/1.45 "DejaVu Sans", system-ui, sans-serif; }
        main { max-width: 1240px; margin: 0 auto; padding: 24px 28px 40px; background: #fff; }
        h1 { font-size: 1.6em; margin: 0 0 4px; }
        h2 { font-size: 1.25em; margin: 28px 0 10px; border-bottom: 2px solid #d9dee7; padding-bottom: 4px; }
        .summary { margin: 0; color: #475067; }
        table { border-collapse: collapse; margin: 0 0 18px; font-size: 0.92em; }
        caption { text-align: left; font-weight: bold; padding: 4px 0; }
        th, td { border: 1px solid #d9dee7; padding: 3px 9px; vertical-align: top; }
        th { background: #eef1f6; text-align: left; }
        td.num { text-align: right; font-variant-numeric: tabular-nums; }
        table.inputs td:first-child { font-family: "DejaVu Sans Mono", monospace; white-space: nowrap; }
        tr.default { color: #6a7388; }
        .note { color: #6a7388; font-size: 0.92em; }
        ul.contents { margin: 0 0 12px; padding-left: 20px; }
        figure.plot { margin: 0 0 26px; }
        figure.plot svg { display: block; width: 100%; height: auto; border: 1px solid #e3e7ee; }
        figcaption { font-weight: bold; margin-bottom: 6px; }
        footer { margin-top: 30px; color: #6a7388; font-size: 0.85em; }

        """;
}
