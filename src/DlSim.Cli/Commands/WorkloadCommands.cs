using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using DlSim.Cli.Output;
using DlSim.Io;
using DlSim.Metrics;
using DlSim.Workloads;

namespace DlSim.Cli.Commands;

/// <summary><c>dlsim workload generate | show</c>.</summary>
public static class WorkloadCommands
{
    public static Command Build(CliContext context)
    {
        var command = new Command("workload", "Generate and inspect workloads (seed CSV).");
        command.Subcommands.Add(Generate(context));
        command.Subcommands.Add(Show(context));
        return command;
    }

    private static Command Generate(CliContext context)
    {
        var defaults = new PoissonWorkloadSpec();
        var rate = new Option<double>("--rate") { Description = "Total request rate in Hz over all models.", DefaultValueFactory = _ => defaults.TotalRateHz };
        var proportions = new Option<string>("--proportions")
        { Description = "Share of each model, comma-separated, summing to 1 (e.g. 0.8,0.2).", DefaultValueFactory = _ => "0.8,0.2" };
        var duration = new Option<double>("--duration") { Description = "Length in seconds.", DefaultValueFactory = _ => defaults.DurationS };
        var slos = new Option<string>("--slos")
        { Description = "SLO in seconds: one value for every model, or one per model comma-separated.", DefaultValueFactory = _ => "0.25" };
        var seed = new Option<ulong>("--seed") { Description = "Random seed; the same seed gives a byte-identical file.", DefaultValueFactory = _ => 0UL };
        var name = new Option<string?>("--name") { Description = "Name stored in the file's header. Default: derived from rate and duration." };
        var output = new Option<string>("--output", "-o") { Description = "File to write (seed CSV).", Required = true };

        var command = new Command("generate", "Generate an open-loop Poisson workload: total rate split over models by proportions.");
        foreach (var o in new Option[] { rate, proportions, duration, slos, seed, name, output }) command.Options.Add(o);
        command.SetAction(parse =>
        {
            var shares = ParseList(parse.GetValue(proportions)!, "--proportions");
            var slo = ParseList(parse.GetValue(slos)!, "--slos");
            if (slo.Length == 1 && shares.Length > 1) slo = Enumerable.Repeat(slo[0], shares.Length).ToArray();
            double hz = parse.GetValue(rate), seconds = parse.GetValue(duration);
            var spec = new PoissonWorkloadSpec
            {
                TotalRateHz = hz, Proportions = shares, DurationS = seconds, SlosS = slo, Seed = parse.GetValue(seed),
                Name = parse.GetValue(name) ?? string.Create(CultureInfo.InvariantCulture, $"poisson_{hz}Hz_{seconds}s"),
            };
            var workload = PoissonGenerator.Generate(spec);
            string path = parse.GetValue(output)!;
            SeedWorkloadCsv.Write(workload, path);
            context.Out.WriteLine($"{path}: {workload.Count} requests, {shares.Length} models, {spec.TotalRateHz} Hz for {spec.DurationS} s (seed {spec.Seed})");
            return DlSimCli.Ok;
        });
        return command;
    }

    private static Command Show(CliContext context)
    {
        var file = new Argument<string>("FILE") { Description = "Workload file (seed CSV)." };
        var json = new JsonOption();
        var command = new Command("show", "Per-model traffic of a workload: requests, rate, CV of inter-arrival gaps.");
        command.Arguments.Add(file);
        command.Options.Add(json.Option);
        command.SetAction(parse =>
        {
            string path = parse.GetValue(file)!;
            var workload = SeedWorkloadCsv.Read(path);
            var stats = WorkloadStatistics.Of(workload);
            json.Write(parse, context, stream => WriteJson(workload, stats, stream));
            if (json.ToStdout(parse)) return DlSimCli.Ok;
            var h = workload.Header;
            context.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{path}: \"{h.Name}\", {stats.Requests} requests over {stats.DurationS} s ({stats.RateHz:F3} Hz; header says {h.TotalRateHz} Hz)"));
            var table = new TextTable("model", "requests", "rate_hz", "mean_gap_ms", "gap_cv", "slo_ms");
            foreach (var m in stats.Models)
                table.Add(m.ModelId.ToString(CultureInfo.InvariantCulture), m.Requests.ToString(CultureInfo.InvariantCulture),
                    F(m.RateHz), ReportTables.Ms(m.MeanGapS), F(m.GapCv), ReportTables.Ms(h.SlosS[m.ModelId]));
            table.Add("all", stats.Requests.ToString(CultureInfo.InvariantCulture), F(stats.RateHz), "", F(stats.GapCv), "");
            table.WriteTo(context.Out);
            return DlSimCli.Ok;
        });
        return command;
    }

    private static void WriteJson(Workload workload, WorkloadStatistics stats, Stream stream)
    {
        using var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
        w.WriteStartObject();
        w.WriteString("name", workload.Header.Name);
        w.WriteNumber("requests", stats.Requests);
        w.WriteNumber("duration_s", stats.DurationS);
        SimulationReportJson.Number(w, "rate_hz", stats.RateHz);
        SimulationReportJson.Number(w, "gap_cv", stats.GapCv);
        w.WriteStartArray("models");
        foreach (var m in stats.Models)
        {
            w.WriteStartObject();
            w.WriteNumber("model_id", m.ModelId);
            w.WriteNumber("requests", m.Requests);
            SimulationReportJson.Number(w, "rate_hz", m.RateHz);
            SimulationReportJson.Number(w, "mean_gap_s", m.MeanGapS);
            SimulationReportJson.Number(w, "gap_cv", m.GapCv);
            w.WriteNumber("slo_s", workload.Header.SlosS[m.ModelId]);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();
        w.Flush();
        stream.Write("\n"u8);
    }

    private static string F(double x) => double.IsFinite(x) ? x.ToString("F3", CultureInfo.InvariantCulture) : "-";

    /// <summary>"0.8,0.2" or "[0.8, 0.2]" → numbers; anything else is bad input naming the flag.</summary>
    private static double[] ParseList(string text, string flag)
    {
        string t = text.Trim();
        var values = SeedNumbers.TryList(t.StartsWith('[') ? t : "[" + t + "]");
        if (values is null || values.Length == 0)
            throw new InputException(flag, 0, $"expected comma-separated numbers such as 0.8,0.2, found \"{text}\"");
        return values;
    }
}
