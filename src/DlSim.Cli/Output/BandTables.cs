using System.Globalization;
using DlSim.Metrics;

namespace DlSim.Cli.Output;

/// <summary>Figures over stochastic replications as a table: mean and 95 % band, seconds shown in ms.</summary>
public static class BandTables
{
    public static void Write(IReadOnlyList<MetricBand> bands, TextWriter w, Func<MetricBand, double>? real = null)
    {
        var header = new List<string> { "metric", "mean", "band_low", "band_high" };
        if (real is not null) header.AddRange(["real", "inside"]);
        var table = new TextTable([.. header]);
        foreach (var b in bands)
        {
            var row = new List<string> { TableName(b), Format(b.Unit, b.Mean), Format(b.Unit, b.Low), Format(b.Unit, b.High) };
            if (real is not null)
            {
                double r = real(b);
                row.Add(double.IsNaN(r) ? "" : Format(b.Unit, r));
                row.Add(double.IsNaN(r) ? "" : b.Contains(r) ? "yes" : "no");
            }
            table.Add([.. row]);
        }
        table.WriteTo(w);
    }

    /// <summary>The name with the table's unit suffix: _ms for seconds, _rps per second.</summary>
    public static string TableName(MetricBand b) => b.Unit switch
    {
        MetricUnit.Seconds => b.Name + "_ms",
        MetricUnit.PerSecond => b.Name + "_rps",
        _ => b.Name,
    };

    public static string Format(MetricUnit unit, double value) => unit switch
    {
        MetricUnit.Seconds => ReportTables.Ms(value),
        MetricUnit.Fraction => ReportTables.Percent(value),
        MetricUnit.Count => double.IsFinite(value) ? value.ToString("0.##", CultureInfo.InvariantCulture) : "-",
        _ => ReportTables.Fixed(value),
    };
}
