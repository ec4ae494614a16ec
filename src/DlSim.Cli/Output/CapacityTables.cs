using System.Globalization;
using DlSim.Search;
using static System.FormattableString;

namespace DlSim.Cli.Output;

/// <summary>The human-readable form of a <see cref="CapacityCurve"/>: the answer, then every point measured.</summary>
public static class CapacityTables
{
    public static void Write(CapacityCurve curve, bool rateQuestion, TextWriter w)
    {
        string target = ReportTables.Percent(curve.Target);
        if (curve.Answer is not { } a)
            w.WriteLine(rateQuestion ? $"no rate scale measured reaches {target} attainment" : $"no GPU count measured reaches {target} attainment");
        else if (rateQuestion)
            w.WriteLine(Invariant($"largest rate scale reaching {target} attainment: ×{a.RateScale:G6} ({ReportTables.Percent(a.Attainment)}, {a.Result.GpusUsed} GPUs used)"));
        else
            w.WriteLine(Invariant($"fewest GPUs reaching {target} attainment: {a.Gpus} ({ReportTables.Percent(a.Attainment)}, {a.Result.GpusUsed} GPUs used)"));
        w.WriteLine();
        var table = new TextTable(rateQuestion ? "rate_scale" : "gpus", "attainment", "goodput_rps", "gpus_used", "evaluations", "wall_s", "placement");
        foreach (var p in curve.Points)
            table.Add(rateQuestion ? p.RateScale.ToString("G6", CultureInfo.InvariantCulture) : p.Gpus.ToString(CultureInfo.InvariantCulture),
                ReportTables.Percent(p.Attainment), ReportTables.Fixed(p.Result.Report.GoodputRps), p.Result.GpusUsed.ToString(CultureInfo.InvariantCulture),
                p.Result.Search.Evaluations.ToString(CultureInfo.InvariantCulture), p.Result.Search.WallS.ToString("F2", CultureInfo.InvariantCulture),
                p.Result.Search.Best.ToString());
        table.WriteTo(w);
    }
}
