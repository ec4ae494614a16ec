using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using DlSim.Cli.Output;
using DlSim.Formats;
using DlSim.Formats.Json;
using DlSim.Foundation;
using DlSim.Llm;

namespace DlSim.Cli.Commands;

/// <summary><c>dlsim llm plan</c>: the fewest GPUs, and the layout on them (replicas, pipeline stages, prefill/decode
/// split), that serve an LLM workload at a target SLO attainment.</summary>
public static class LlmPlanCommand
{
    public static Command Build(CliContext context)
    {
        var engine = new LlmEngineOptions(layout: false);
        var workload = new Option<string>("--workload", "-w") { Description = "Requests: JSON Lines or an Azure LLM trace CSV, as for llm simulate.", Required = true };
        var maxGpus = new Option<int>("--max-gpus") { Description = "Try every layout on 1 to N GPUs (each replica tp × pp GPUs).", Required = true };
        var ttftSlo = new Option<double>("--ttft-slo-ms") { Description = "TTFT objective (ms): a request attains its SLO when its TTFT and TPOT are within both objectives.", Required = true };
        var tpotSlo = new Option<double>("--tpot-slo-ms") { Description = "TPOT objective (ms).", Required = true };
        var target = new Option<double>("--target") { Description = "SLO attainment to reach, in (0, 1]: requests within both objectives ÷ all requests.", DefaultValueFactory = _ => 0.9 };
        var kvLink = new Option<double?>("--kv-link-gbps") { Description = "Also try prefill/decode disaggregation (every split of two or more replicas), with prompt KV sent over a link of this bandwidth (GB/s)." };
        var kvLatency = new Option<double>("--kv-link-latency-us") { Description = "Latency (µs) of every KV transfer, with --kv-link-gbps.", DefaultValueFactory = _ => 0 };
        var show = new Option<int>("--show") { Description = "Layouts to list, best first (0: all).", DefaultValueFactory = _ => 15 };
        var plot = new Option<string?>("--plot") { Description = "Draw SLO attainment against GPUs for every layout, with the target, into FILE.png or FILE.svg." }.IsOutputFile();
        var json = new JsonOption();
        var command = new Command("plan",
            "Capacity planning for an LLM: simulate the workload on every layout of replicas and pipeline stages (and, with --kv-link-gbps, prefill/decode splits) " +
            "on up to --max-gpus GPUs, KV cache sized per layout from GPU memory, and report the fewest GPUs reaching --target SLO attainment and the layouts ranked.");
        engine.AddTo(command);
        foreach (var o in new Option[] { workload, maxGpus, ttftSlo, tpotSlo, target, kvLink, kvLatency, show, plot, json.Option }) command.Options.Add(o);
        command.SetAction(parse =>
        {
            int limit = parse.GetValue(maxGpus);
            if (limit < 1 || limit > 4096) throw new InputException("--max-gpus", 0, $"expected 1 to 4096 GPUs, found {limit}");
            double ttft = PositiveMs(parse.GetValue(ttftSlo), "--ttft-slo-ms"), tpot = PositiveMs(parse.GetValue(tpotSlo), "--tpot-slo-ms");
            double goal = parse.GetValue(target);
            if (!(goal > 0 && goal <= 1)) throw new InputException("--target", 0, $"expected an attainment in (0, 1], found {goal.ToString(CultureInfo.InvariantCulture)}");
            (double, double)? link = null;
            if (parse.GetValue(kvLink) is double gbps)
            {
                if (!(gbps > 0) || double.IsInfinity(gbps)) throw new InputException("--kv-link-gbps", 0, $"expected a bandwidth > 0, found {gbps.ToString(CultureInfo.InvariantCulture)}");
                double us = parse.GetValue(kvLatency);
                if (!(us >= 0) || double.IsInfinity(us)) throw new InputException("--kv-link-latency-us", 0, $"expected a latency ≥ 0, found {us.ToString(CultureInfo.InvariantCulture)}");
                link = (gbps * 1e9, us * 1e-6);
            }
            int listed = parse.GetValue(show);
            if (listed < 0) throw new InputException("--show", 0, $"expected a count ≥ 0, found {listed}");
            string? plotPath = parse.GetValue(plot);
            if (plotPath is not null && Plots.LlmPlots.KindOf(plotPath) is null)
                throw new InputException("--plot", 0, $"expected a file name ending in .png or .svg, found \"{plotPath}\"");
            string? font = plotPath is null ? null : Plots.PlotFont.Load(Plots.PlotFont.DefaultPath);
            var model = engine.Load(parse, out var kvBlocks);
            var requests = LlmWorkloadFiles.Read(parse.GetValue(workload)!, model.Engine.BlockSize);
            var layouts = LlmLayoutSearch.Enumerate(limit, model.TensorParallel, model.Model.Layers, link is not null);
            // Every layout's KV state is allocated when it runs: refuse a size that asks for too much before running any.
            string blocksFrom = parse.GetValue(engine.KvBlocks) is null ? "--gpu-memory-gb" : "--kv-blocks";
            int[] blocksOf = [.. layouts.Select(l => kvBlocks(l.Stages))];
            for (int i = 0; i < layouts.Count; i++)
                LlmEngineOptions.CheckKvBlocks(Math.Max(0, blocksOf[i]), layouts[i].Replicas + layouts[i].DecodeReplicas, blocksFrom);
            var outcomes = new List<LlmLayoutOutcome>();
            int skipped = 0;
            var clock = System.Diagnostics.Stopwatch.StartNew();
            for (int i = 0; i < layouts.Count; i++)
            {
                int blocks = blocksOf[i];
                // A layout whose weights leave no KV cache cannot serve; one whose cache cannot hold the longest request rejects it (counted).
                if (blocks < 1) { skipped++; continue; }
                outcomes.Add(LlmLayoutSearch.Evaluate(requests, model, layouts[i], blocks, link, ttft, tpot));
                if (clock.ElapsedMilliseconds >= 2000 || i == layouts.Count - 1 && i > 0 && clock.ElapsedMilliseconds >= 500)
                {
                    context.Err.WriteLine($"plan: {i + 1} of {layouts.Count} layouts simulated");
                    clock.Restart();
                }
            }
            if (outcomes.Count == 0)
                throw new InputException("--max-gpus", 0, $"expected a layout on up to {limit} GPUs whose weights leave room for a KV cache, found none");
            var ranked = LlmLayoutSearch.Rank(outcomes, goal);
            var best = ranked[0].Attainment >= goal ? ranked[0] : null;
            string headline = string.Create(CultureInfo.InvariantCulture,
                $"{requests.Source} ({requests.Count} requests): {model.Model.Name} tp{model.TensorParallel} on up to {limit} GPUs, SLOs TTFT {ttft * 1000:0.###} ms and TPOT {tpot * 1000:0.###} ms, target {goal:0.#%}");
            string verdict = best is null
                ? string.Create(CultureInfo.InvariantCulture, $"no layout on up to {limit} GPUs reaches {goal:0.#%}; the best reaches {ranked[0].Attainment:0.0%}: {ranked[0].Layout.Name} on {ranked[0].Gpus} GPUs")
                : string.Create(CultureInfo.InvariantCulture, $"fewest GPUs: {best.Gpus}, as {best.Layout.Name} ({best.KvBlocks} KV blocks per replica): {best.Attainment:0.0%} within the SLOs, goodput {best.Statistics.GoodputPerS:0.00} requests/s");
            json.Write(parse, context, stream => JsonDocumentWriter.Write(stream, w => WriteJson(w, requests.Source, model, limit, ttft, tpot, goal, best, ranked, skipped)));
            if (plotPath is not null) Plots.LlmPlanPlot.Write(plotPath, ranked, goal, best, font!);
            if (json.ToStdout(parse)) return ExitCodes.Ok;
            var o = context.Out;
            o.WriteLine(headline);
            o.WriteLine();
            Table(ranked, listed == 0 ? ranked.Count : listed, goal).WriteTo(o);
            o.WriteLine();
            o.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{outcomes.Count} layouts simulated{(skipped > 0 ? $", {skipped} left out (no room for a KV cache)" : "")}{(listed > 0 && listed < ranked.Count ? $", best {listed} shown" : "")}"));
            o.WriteLine(verdict);
            if (json.Requested(parse)) o.WriteLine($"results: {parse.GetValue(json.Option)}");
            if (plotPath is not null) o.WriteLine($"plot: {plotPath}");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static double PositiveMs(double ms, string flag)
    {
        if (!(ms > 0) || double.IsInfinity(ms)) throw new InputException(flag, 0, $"expected a time > 0 ms, found {ms.ToString(CultureInfo.InvariantCulture)}");
        return ms / 1000;
    }

    private static TextTable Table(List<LlmLayoutOutcome> ranked, int rows, double goal)
    {
        var table = new TextTable("layout", "GPUs", "KV blocks", "attainment", "goodput/s", "TTFT p99 ms", "TPOT p99 ms", "output tok/s", "preemptions", "rejected");
        foreach (var r in ranked.Take(rows))
        {
            var s = r.Statistics;
            string F(double v, string format) => double.IsFinite(v) ? v.ToString(format, CultureInfo.InvariantCulture) : "-";
            table.Add(r.Layout.Name + (r.Attainment >= goal ? " *" : ""), r.Gpus.ToString(CultureInfo.InvariantCulture), r.KvBlocks.ToString(CultureInfo.InvariantCulture),
                F(r.Attainment * 100, "0.0") + "%", F(s.GoodputPerS ?? 0, "0.00"), F(s.Ttft.P99 * 1000, "0.0"), F(s.Tpot.P99 * 1000, "0.00"),
                F(s.OutputTokensPerS, "0.0"), s.Preemptions.ToString(CultureInfo.InvariantCulture), s.Rejected.ToString(CultureInfo.InvariantCulture));
        }
        return table;
    }

    private static void WriteJson(Utf8JsonWriter w, string source, LlmDeployment model, int limit, double ttft, double tpot, double goal,
        LlmLayoutOutcome? best, List<LlmLayoutOutcome> ranked, int skipped)
    {
        w.WriteStartObject();
        w.WriteString("workload", source);
        w.WriteString("model", model.Model.Name);
        w.WriteNumber("tensor_parallel", model.TensorParallel);
        w.WriteNumber("max_gpus", limit);
        w.WriteNumber("ttft_slo_s", ttft);
        w.WriteNumber("tpot_slo_s", tpot);
        w.WriteNumber("target", goal);
        w.WriteNumber("layouts_left_out", skipped);
        w.WritePropertyName("best");
        if (best is null) w.WriteNullValue(); else Outcome(w, best);
        w.WriteStartArray("layouts");
        foreach (var r in ranked) Outcome(w, r);
        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void Outcome(Utf8JsonWriter w, LlmLayoutOutcome r)
    {
        w.WriteStartObject();
        w.WriteString("layout", r.Layout.Name);
        w.WriteNumber("replicas", r.Layout.Replicas);
        w.WriteNumber("decode_replicas", r.Layout.DecodeReplicas);
        w.WriteNumber("pipeline_parallel", r.Layout.Stages);
        w.WriteNumber("gpus", r.Gpus);
        w.WriteNumber("kv_blocks", r.KvBlocks);
        w.WriteNumber("slo_attainment", r.Attainment);
        LlmCommands.WriteStatistics(w, r.Statistics);
        w.WriteEndObject();
    }
}
