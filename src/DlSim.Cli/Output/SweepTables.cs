using DlSim.Formats.Sweeps;
using System.Globalization;
using DlSim.Plots;
using DlSim.Sweeps;

namespace DlSim.Cli.Output;

/// <summary>The cases of a merged sweep as a table a person can read: what was swept and the overall figures.</summary>
public static class SweepTables
{
    /// <summary>Rows shown in a report; the merged CSV or Parquet file holds them all.</summary>
    public const int MaxRows = 1000;

    public static (TextTable Table, IReadOnlyList<string> Notes) Cases(SweepTable sweep)
    {
        // Columns without a dot are the case's index, id and swept flags; the figures come flattened ("overall.p99_s").
        var keys = Enumerable.Range(0, sweep.Columns.Count).Where(c => !sweep.Columns[c].Contains('.')).ToList();
        var figures = SweepPlots.Panels.Select(p => sweep.Columns.ToList().IndexOf(p.Column)).Where(c => c >= 0).ToList();
        var columns = keys.Concat(figures).ToArray();
        var table = new TextTable([.. columns.Select(c => sweep.Columns[c])]);
        foreach (var row in sweep.Rows.Take(MaxRows)) table.Add([.. columns.Select(c => row[c] ?? "-")]);
        var notes = new List<string>();
        if (sweep.Rows.Count > MaxRows)
            notes.Add(string.Create(CultureInfo.InvariantCulture, $"first {MaxRows} of {sweep.Rows.Count} cases shown; sweep merge writes them all"));
        return (table, notes);
    }
}
