namespace DlSim.Plots.Reports;

/// <summary>
/// What a self-contained HTML report shows: the run's inputs, its result tables and its figures, in that order.
/// Every string is plain text (the writer escapes it); only <see cref="ReportFigure.Svg"/> is markup.
/// </summary>
/// <param name="Title">The page's title and top heading, e.g. "dlsim simulate: default".</param>
/// <param name="Summary">One or two sentences under the title saying what was run.</param>
public sealed record ReportPage(string Title, string Summary)
{
    public IReadOnlyList<ReportInput> Inputs { get; init; } = [];
    public IReadOnlyList<ReportTable> Tables { get; init; } = [];
    public IReadOnlyList<ReportFigure> Figures { get; init; } = [];
    /// <summary>Lines of plain text shown after the tables (caveats such as "percentiles from a sketch").</summary>
    public IReadOnlyList<string> Notes { get; init; } = [];
}

/// <summary>One input of the run: a flag and its value, or a default the run used.</summary>
public sealed record ReportInput(string Name, string Value, bool IsDefault = false);

/// <summary>A result table: the same columns and cells as the console table of the same name.</summary>
public sealed record ReportTable(string Caption, IReadOnlyList<string> Headers, IReadOnlyList<IReadOnlyList<string>> Rows);

/// <summary>A plot as an inline SVG document (no XML declaration), with a caption.</summary>
/// <param name="Id">A short name unique in the page (letters, digits and '-'), used as the figure's id.</param>
public sealed record ReportFigure(string Id, string Caption, string Svg);
