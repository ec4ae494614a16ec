using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Parsing;
using System.Globalization;
using DlSim.Plots.Reports;

namespace DlSim.Cli.Commands;

/// <summary><c>--report FILE.html</c>: one self-contained HTML page with the run's inputs, its result tables and inline SVG plots.</summary>
public sealed class ReportOption
{
    public Option<string?> Option { get; } = new Option<string?>("--report")
    {
        Description = "Write a self-contained HTML report to FILE (e.g. report.html): the run's inputs, the result tables and plots as inline SVG; " +
                      "it needs no network to view. See docs/report.md.",
    }.IsOutputFile();

    public string? Path(ParseResult parse) => parse.GetValue(Option);

    /// <summary>Loads the plot font before any work when a report is asked for, so a missing font fails fast; returns the font's family name.</summary>
    public string? LoadFont(ParseResult parse) => Path(parse) is null ? null : Plots.PlotFont.Load(Plots.PlotFont.DefaultPath);

    /// <summary>Writes the page (atomically) when a report was asked for: inputs from the command line, then tables, notes and figures.</summary>
    public void Write(ParseResult parse, string title, string summary, IEnumerable<(string Caption, Output.TextTable Table)> tables,
        IReadOnlyList<string> notes, Func<IReadOnlyList<ReportFigure>> figures)
    {
        if (Path(parse) is not string path) return;
        var page = new ReportPage(title, summary)
        {
            Inputs = Inputs(parse),
            Tables = [.. tables.Select(t => t.Table.ToReport(t.Caption))],
            Notes = notes,
            Figures = figures(),
        };
        HtmlReportWriter.Write(page, path);
    }

    /// <summary>
    /// Every argument and option of the command as run: the values given on the command line, then the defaults the run
    /// used (marked), in the order <c>--help</c> lists them. Options left unset with no default are left out.
    /// </summary>
    public static IReadOnlyList<ReportInput> Inputs(ParseResult parse)
    {
        var given = new List<ReportInput>();
        var defaults = new List<ReportInput>();
        var command = parse.CommandResult.Command;
        foreach (var argument in command.Arguments)
            if (parse.GetResult(argument) is { } result && result.Tokens.Count > 0)
                given.Add(new ReportInput(argument.Name, Join(result.Tokens)));
        foreach (var option in command.Options)
        {
            if (option.Hidden || option is HelpOption || parse.GetResult(option) is not { } result) continue;
            if (!result.Implicit)
                given.Add(new ReportInput(result.IdentifierToken?.Value ?? option.Name, result.Tokens.Count > 0 ? Join(result.Tokens) : "(set)"));
            else if (Format(result.GetValueOrDefault<object?>()) is string value)
                defaults.Add(new ReportInput(option.Name, value, IsDefault: true));
        }
        return [.. given, .. defaults];
    }

    private static string Join(IReadOnlyList<Token> tokens) => string.Join(" ", tokens.Select(t => t.Value));

    private static string? Format(object? value) => value switch
    {
        null => null,
        string s => s,
        bool b => b ? "true" : "false",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        System.Collections.IEnumerable items => string.Join(" ", items.Cast<object?>().Select(Format)),
        _ => value.ToString(),
    };
}
