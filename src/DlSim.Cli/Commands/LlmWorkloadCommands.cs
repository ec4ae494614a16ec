using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using DlSim.Cli.Output;
using DlSim.Formats;
using DlSim.Formats.Json;
using DlSim.Foundation;
using DlSim.Llm.Traffic;

namespace DlSim.Cli.Commands;

/// <summary><c>dlsim llm workload …</c>: generate LLM traffic and look at LLM workloads (JSONL or Azure LLM trace CSV).</summary>
public static class LlmWorkloadCommands
{
    public static Command Build(CliContext context)
    {
        var command = new Command("workload", "Generate and inspect LLM workloads: .jsonl (input_toks, output_toks, arrival_time_ns) or Azure LLM trace .csv.");
        command.Subcommands.Add(BuildGenerate(context));
        command.Subcommands.Add(BuildShow(context));
        command.Subcommands.Add(BuildConvert(context));
        return command;
    }

    private static Command BuildConvert(CliContext context)
    {
        var file = new Argument<string>("FILE") { Description = "LLM workload: .jsonl or Azure LLM trace .csv." };
        var from = new Option<string?>("--from") { HelpName = "SECONDS", Description = "Keep arrivals from SECONDS on (of the input's time); they start at 0 in the output. Default 0." };
        var to = new Option<string?>("--to") { HelpName = "SECONDS", Description = "Keep arrivals before SECONDS (of the input's time). Default: to the end." };
        var requests = new Option<string?>("--requests") { HelpName = "N", Description = "Keep the first N requests (after --from/--to)." };
        var rateFactor = new Option<string?>("--rate-factor") { HelpName = "F", Description = "Arrive F times as fast (every arrival divided by F, applied last): 2 doubles the rate, 0.5 halves it. Default 1." };
        var output = new Option<string>("--output", "-o") { HelpName = "FILE", Description = "File to write: an LLM workload .jsonl, written atomically.", Required = true }.IsOutputFile();
        var command = new Command("convert", "Write an LLM workload (or an Azure LLM trace) as .jsonl, optionally cut to a time window or a number of requests and sped up or slowed down.");
        command.Arguments.Add(file);
        foreach (var o in new Option[] { from, to, requests, rateFactor, output }) command.Options.Add(o);
        command.SetAction(parse =>
        {
            double fromS = Number(parse, from, "a time ≥ 0 in seconds", v => v >= 0) ?? 0;
            double toS = Number(parse, to, "a time in seconds after --from", v => v > fromS) ?? double.PositiveInfinity;
            double? count = Number(parse, requests, $"a whole number of requests from 1 to {int.MaxValue}", v => v >= 1 && v <= int.MaxValue && v == Math.Floor(v));
            double factor = Number(parse, rateFactor, "a factor > 0", v => v > 0) ?? 1;
            string path = parse.GetValue(output)!;
            var workload = LlmWorkloadFiles.Read(parse.GetValue(file)!);
            if (fromS > 0 || double.IsFinite(toS)) workload = LlmTrafficOperations.Window(workload, fromS, toS);
            if (count is double n) workload = LlmTrafficOperations.FirstRequests(workload, (int)n);
            if (factor != 1) workload = LlmTrafficOperations.ScaleRate(workload, factor);
            if (workload.Count == 0) throw new InputException("--from", 0, "expected at least one request in the window, found none");
            LlmWorkloadFiles.Write(workload, path);
            var s = LlmWorkloadSummary.Of(workload);
            context.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{path}: {s.Requests} requests over {s.SpanS:F3} s ({F(s.RateHz)} Hz)"));
            return ExitCodes.Ok;
        });
        return command;
    }

    private static double? Number(ParseResult parse, Option<string?> option, string expected, Func<double, bool> valid)
    {
        string? text = parse.GetValue(option);
        if (text is null) return null;
        if (SeedNumbers.TryDouble(text, out double value) && valid(value)) return value;
        throw new InputException(option.Name, 0, $"expected {expected}, found {ErrorText.Quote(text)}");
    }

    private static Command BuildGenerate(CliContext context)
    {
        var options = new LlmWorkloadGenerateOptions();
        var command = new Command("generate",
            "Generate LLM traffic: arrivals from an arrival process (Poisson by default) for a duration or a number of requests, " +
            "each request's prompt and output lengths resampled from a trace or drawn from log-normals. Written as .jsonl.");
        foreach (var o in options.All) command.Options.Add(o);
        command.SetAction(parse =>
        {
            var spec = options.ToSpec(parse);
            string path = parse.GetValue(options.Output)!;
            var workload = LlmTrafficGenerator.Generate(spec);
            if (workload.Count == 0)
                throw new InputException("--duration", 0, "expected at least one request, found none in the duration (use a longer --duration or a higher --rate)");
            LlmWorkloadFiles.Write(workload, path);
            var s = LlmWorkloadSummary.Of(workload);
            context.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{path}: {s.Requests} requests over {s.SpanS:F3} s ({F(s.RateHz)} Hz), {LlmWorkloadGenerateOptions.Describe(spec.Process)}, {spec.Lengths} (seed {spec.Seed})"));
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command BuildShow(CliContext context)
    {
        var file = new Argument<string>("FILE") { Description = "LLM workload: .jsonl (input_toks, output_toks, arrival_time_ns) or Azure LLM trace .csv (TIMESTAMP,ContextTokens,GeneratedTokens)." };
        var json = new JsonOption();
        var command = new Command("show", "Requests, span and rate of an LLM workload, and its input and output token lengths (median, mean, p90, p99, max).");
        command.Arguments.Add(file);
        command.Options.Add(json.Option);
        command.SetAction(parse =>
        {
            string path = parse.GetValue(file)!;
            var summary = LlmWorkloadSummary.Of(LlmWorkloadFiles.Read(path));
            json.Write(parse, context, stream => WriteJson(path, summary, stream));
            if (json.ToStdout(parse)) return ExitCodes.Ok;
            context.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{path}: {summary.Requests} requests over {summary.SpanS:F3} s ({F(summary.RateHz)} Hz)"));
            var table = new TextTable("tokens", "median", "mean", "p90", "p99", "max");
            table.Add(Row("input", summary.Input));
            table.Add(Row("output", summary.Output));
            table.WriteTo(context.Out);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static string[] Row(string name, TokenStats t) =>
        [name, F(t.Median), F(t.Mean), F(t.P90), F(t.P99), t.Max.ToString(CultureInfo.InvariantCulture)];

    private static void WriteJson(string path, LlmWorkloadSummary s, Stream stream) =>
        JsonDocumentWriter.Write(stream, w =>
        {
            w.WriteStartObject();
            w.WriteString("file", path);
            w.WriteNumber("requests", s.Requests);
            w.WriteNumber("span_s", s.SpanS);
            w.WriteNumberOrNull("rate_hz", s.RateHz);
            Tokens(w, "input_tokens", s.Input);
            Tokens(w, "output_tokens", s.Output);
            w.WriteEndObject();
        });

    private static void Tokens(Utf8JsonWriter w, string name, TokenStats t)
    {
        w.WriteStartObject(name);
        w.WriteNumberOrNull("median", t.Median);
        w.WriteNumberOrNull("mean", t.Mean);
        w.WriteNumberOrNull("p90", t.P90);
        w.WriteNumberOrNull("p99", t.P99);
        w.WriteNumber("max", t.Max);
        w.WriteEndObject();
    }

    private static string F(double x) => double.IsFinite(x) ? x.ToString("0.###", CultureInfo.InvariantCulture) : "-";
}
