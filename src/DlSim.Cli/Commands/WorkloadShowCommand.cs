using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using DlSim.Cli.Output;
using DlSim.Formats;
using DlSim.Formats.Json;
using DlSim.Metrics;
using DlSim.Workloads;

namespace DlSim.Cli.Commands;

/// <summary><c>dlsim workload show</c>: per-model traffic figures of a workload.</summary>
public static class WorkloadShowCommand
{
    public static Command Build(CliContext context)
    {
        var file = new Argument<string>("FILE") { Description = "Workload file: seed CSV, or Parquet (.parquet)." };
        var json = new JsonOption();
        var command = new Command("show", "Per-model traffic of a workload: requests, rate, CV of inter-arrival gaps.");
        command.Arguments.Add(file);
        command.Options.Add(json.Option);
        command.SetAction(parse =>
        {
            string path = parse.GetValue(file)!;
            using var source = WorkloadFiles.OpenRead(path);
            var stats = WorkloadStatistics.Of(source);
            json.Write(parse, context, stream => WriteJson(source.Header, stats, stream));
            if (json.ToStdout(parse)) return ExitCodes.Ok;
            var h = source.Header;
            context.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{path}: \"{h.Name}\", {stats.Requests} requests over {stats.DurationS} s ({stats.RateHz:F3} Hz; header says {h.TotalRateHz} Hz)"));
            var table = new TextTable("model", "requests", "rate_hz", "mean_gap_ms", "gap_cv", "slo_ms");
            foreach (var m in stats.Models)
                table.Add(m.ModelId.ToString(CultureInfo.InvariantCulture), m.Requests.ToString(CultureInfo.InvariantCulture),
                    F(m.RateHz), ReportTables.Ms(m.MeanGapS), F(m.GapCv), ReportTables.Ms(h.SlosS[m.ModelId]));
            table.Add("all", stats.Requests.ToString(CultureInfo.InvariantCulture), F(stats.RateHz), "", F(stats.GapCv), "");
            table.WriteTo(context.Out);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static void WriteJson(WorkloadHeader header, WorkloadStatistics stats, Stream stream)
    {
        JsonDocumentWriter.Write(stream, w =>
        {
            w.WriteStartObject();
            w.WriteString("name", header.Name);
            w.WriteNumber("requests", stats.Requests);
            w.WriteNumber("duration_s", stats.DurationS);
            w.WriteNumberOrNull("rate_hz", stats.RateHz);
            w.WriteNumberOrNull("gap_cv", stats.GapCv);
            w.WriteStartArray("models");
            foreach (var m in stats.Models)
            {
                w.WriteStartObject();
                w.WriteNumber("model_id", m.ModelId);
                w.WriteNumber("requests", m.Requests);
                w.WriteNumberOrNull("rate_hz", m.RateHz);
                w.WriteNumberOrNull("mean_gap_s", m.MeanGapS);
                w.WriteNumberOrNull("gap_cv", m.GapCv);
                w.WriteNumber("slo_s", header.SlosS[m.ModelId]);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        });
    }

    private static string F(double x) => double.IsFinite(x) ? x.ToString("F3", CultureInfo.InvariantCulture) : "-";

}
