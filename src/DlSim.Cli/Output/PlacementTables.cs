using System.Globalization;
using DlSim.Foundation;
using DlSim.Placement;
using DlSim.Search;
using static System.FormattableString;

namespace DlSim.Cli.Output;

/// <summary>The human-readable form of a <see cref="PlacementResult"/>.</summary>
public static class PlacementTables
{
    public static void Write(PlacementResult r, TextWriter w)
    {
        foreach (string line in Headline(r)) w.WriteLine(line);
        foreach (var (_, table) in Tables(r))
        {
            w.WriteLine();
            table.WriteTo(w);
        }
    }

    /// <summary>The best objective and how the search found it, one line each.</summary>
    public static IReadOnlyList<string> Headline(PlacementResult r)
    {
        var s = r.Search;
        return
        [
            Invariant($"best {EnumNames.Of(r.Objective)}: {Value(r)} (attainment {ReportTables.Percent(r.Report.Attainment)}, goodput {ReportTables.Fixed(r.Report.GoodputRps)} rps), {r.GpusUsed} of {r.UsableGpus} GPUs used"),
            Invariant($"search: {EnumNames.Of(r.Algorithm)}, {s.Evaluations:N0} evaluations ({s.Simulations:N0} simulations) in {s.WallS:F2} s, best found at {s.BestFoundAtS:F2} s"),
        ];
    }

    /// <summary>Each model's outcome, and the groups chosen.</summary>
    public static IReadOnlyList<(string Caption, TextTable Table)> Tables(PlacementResult r)
    {
        var models = new TextTable("model", "service", "requests", "replicas", "attainment", "goodput_rps");
        foreach (var m in r.Models)
            models.Add(m.Model.ToString(CultureInfo.InvariantCulture), m.Service, m.Requests.ToString(CultureInfo.InvariantCulture),
                m.Replicas.ToString(CultureInfo.InvariantCulture), ReportTables.Percent(m.Attainment), ReportTables.Fixed(m.GoodputRps));
        var groups = new TextTable("group", "gpus", "config", "executables", "models", "max_used_gb", "capacity_gb");
        int i = 0;
        foreach (var g in r.Groups)
            groups.Add((i++).ToString(CultureInfo.InvariantCulture), GpuRange(g), g.Config.ToString(), string.Join(" ", g.Executables),
                string.Join(",", g.Models), ReportTables.Gb(g.MaxUsedBytes), ReportTables.Gb(g.CapacityBytes));
        return [("Outcome per model", models), ("GPU groups", groups)];
    }

    private static string Value(PlacementResult r) =>
        r.Objective == SearchObjective.Goodput ? Invariant($"{r.ObjectiveValue:F3} rps") : Invariant($"{r.ObjectiveValue:F4}");

    private static string GpuRange(GroupSummary g) =>
        g.Config.Gpus == 1 ? Invariant($"{g.FirstGpu}") : Invariant($"{g.FirstGpu}-{g.FirstGpu + g.Config.Gpus - 1}");

}
