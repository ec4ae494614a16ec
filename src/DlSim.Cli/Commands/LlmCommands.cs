using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using DlSim.Cli.Output;
using DlSim.Formats.Json;
using DlSim.Formats.LlmRuns;
using DlSim.Formats;
using DlSim.Foundation;
using DlSim.Llm;

namespace DlSim.Cli.Commands;

/// <summary><c>dlsim llm simulate</c> and <c>dlsim llm compare</c>: iteration-level simulation of vLLM-like engines.</summary>
public static class LlmCommands
{
    public static Command Build(CliContext context)
    {
        var llm = new Command("llm", "LLM serving: iteration-level simulation of vLLM-like engines (chunked prefill, paged KV cache, preemption) timed by per-layer profiles.");
        llm.Subcommands.Add(Simulate(context));
        llm.Subcommands.Add(Compare(context));
        llm.Subcommands.Add(LlmShareCommand.Build(context));
        llm.Subcommands.Add(LlmPlanCommand.Build(context));
        llm.Subcommands.Add(LlmWorkloadCommands.Build(context));
        llm.Subcommands.Add(LlmRooflineCommands.Build(context));
        return llm;
    }

    private static Command Simulate(CliContext context)
    {
        var engine = new LlmEngineOptions();
        var workload = new Option<string>("--workload", "-w") { Description = "Requests: JSON Lines (input_toks, output_toks, arrival_time_ns from the start) or an Azure LLM trace CSV (TIMESTAMP,ContextTokens,GeneratedTokens); see docs/llm-workloads.md.", Required = true };
        var ttftSlo = new Option<double?>("--ttft-slo-ms") { Description = "TTFT objective (ms) for goodput: requests within every given objective, per second." };
        var tpotSlo = new Option<double?>("--tpot-slo-ms") { Description = "TPOT objective (ms) for goodput." };
        var json = new JsonOption();
        var disaggregation = new LlmDisaggregationOptions();
        var outputs = new LlmOutputOptions();
        var command = new Command("simulate", "Simulate LLM requests on vLLM-like replicas: TTFT, TPOT, inter-token latency, end-to-end, throughput, goodput, KV use; or on separate prefill and decode replicas joined by a KV link.");
        engine.AddTo(command);
        disaggregation.AddTo(command);
        command.Options.Add(workload);
        command.Options.Add(ttftSlo);
        command.Options.Add(tpotSlo);
        command.Options.Add(json.Option);
        outputs.AddTo(command);
        command.SetAction(parse =>
        {
            double? ttft = Slo(parse.GetValue(ttftSlo), "--ttft-slo-ms"), tpot = Slo(parse.GetValue(tpotSlo), "--tpot-slo-ms");
            var deployment = engine.Load(parse);
            var split = disaggregation.Requested(parse) ? disaggregation.Load(parse, deployment, engine.Replicas) : null;
            // JSON Lines keep their prompts' block hashes (for prefix caching); an Azure trace has no token ids.
            var requests = LlmWorkloadFiles.Read(parse.GetValue(workload)!, deployment.Engine.BlockSize);
            using var files = outputs.Begin(parse, () => LlmOutputOptions.ReplicaNames(split?.Prefill ?? deployment, split), json);
            var disaggregated = split is null ? null : LlmDisaggregatedSimulation.Run(requests, split, files.Observe);
            var run = disaggregated?.Run ?? LlmSimulation.Run(requests, deployment, files.Observe);
            var stats = LlmStatistics.Of(run, ttft, tpot);
            var transfers = disaggregated is null ? null : LlmTransferStatistics.Of(disaggregated.Transfers);
            json.Write(parse, context, stream => JsonDocumentWriter.Write(stream, w =>
            {
                w.WriteStartObject();
                w.WriteString("workload", requests.Source);
                WriteDeployment(w, split?.Prefill ?? deployment);
                if (split is not null) LlmTransferOutput.WriteJson(w, split, transfers!);
                WriteStatistics(w, stats);
                WriteSamples(w, run.Samples);
                w.WriteEndObject();
            }));
            string headline = $"{requests.Source} on {(split is null ? LlmEngineOptions.Describe(deployment) : LlmDisaggregationOptions.Describe(split))}";
            var written = files.Write(run, disaggregated?.Transfers, [Plots.LlmPlotSeries.Of("simulated", run)], "dlsim llm simulate", headline,
                [("Latency", LlmTables.Latency(stats))], LlmTables.Summary(stats));
            if (json.ToStdout(parse)) return ExitCodes.Ok;
            var o = context.Out;
            o.WriteLine(headline);
            o.WriteLine();
            WriteTable(stats, o);
            if (transfers is not null) LlmTransferOutput.WriteText(o, transfers);
            if (json.Requested(parse)) o.WriteLine($"results: {parse.GetValue(json.Option)}");
            foreach (string line in written) o.WriteLine(line);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Compare(CliContext context)
    {
        var engine = new LlmEngineOptions();
        var real = new Option<string>("--real") { Description = "Real run folder: requests.jsonl (queued_ts, first_token_ts, last_token_ts), meta.json (engine_kwargs, kv_cache), timeseries.csv.", Required = true };
        var replayed = new Option<string?>("--workload", "-w") { Description = "The workload file the run replayed (same requests, same order), for the prompts' token ids when prefix caching is on. Default: meta.json's dataset_path, looked up from the run folder's parent folders; without one, every prompt is taken as unique." };
        var json = new JsonOption();
        var outputs = new LlmOutputOptions();
        var command = new Command("compare", "Simulate a real vLLM run's requests at their queue times with its engine settings and compare TTFT, TPOT, end-to-end (mean, p50, p90, p99) and running/waiting counts.");
        engine.AddTo(command);
        command.Options.Add(real);
        command.Options.Add(replayed);
        command.Options.Add(json.Option);
        outputs.AddTo(command);
        command.SetAction(parse =>
        {
            var measured = LlmRunFolder.Read(parse.GetValue(real)!);
            var deployment = engine.Load(parse, measured);
            var prompts = deployment.Engine.PrefixCaching ? ReplayedWorkload(parse.GetValue(replayed), measured, deployment.Engine.BlockSize) : null;
            using var files = outputs.Begin(parse, () => LlmOutputOptions.ReplicaNames(deployment, null), json);
            LlmComparisonReport report;
            try { report = LlmComparison.Compare(measured, deployment, prompts, files.Observe); }
            catch (ArgumentException e) when (prompts is not null) { throw new InputException(prompts.Source, 0, $"expected the run's requests, found: {e.Message}"); }
            json.Write(parse, context, stream => JsonDocumentWriter.Write(stream, w =>
            {
                w.WriteStartObject();
                w.WriteString("real", measured.Folder);
                WriteDeployment(w, deployment);
                w.WriteStartArray("metrics");
                foreach (var row in report.Rows)
                {
                    w.WriteStartObject();
                    w.WriteString("metric", row.Metric);
                    w.WriteString("statistic", row.Statistic);
                    w.WriteNumberOrNull("simulated_s", row.SimulatedS);
                    w.WriteNumberOrNull("real_s", row.RealS);
                    w.WriteNumberOrNull("error", row.Error);
                    w.WriteEndObject();
                }
                w.WriteEndArray();
                w.WriteNumberOrNull("running_mean_abs_diff", report.RunningMad);
                w.WriteNumberOrNull("waiting_mean_abs_diff", report.WaitingMad);
                w.WriteNumberOrNull("kv_use_mean_abs_diff", report.KvMad);
                w.WriteNumber("preemptions", report.Simulated.Preemptions);
                w.WriteNumber("prefix_cached_tokens", report.Run.CachedTokens);
                w.WriteEndObject();
            }));
            string headline = $"{measured.Folder} ({measured.Requests.Count} requests) vs {LlmEngineOptions.Describe(deployment)}";
            var written = files.Write(report.Run, null, [Plots.LlmPlotSeries.Of("simulated", report.Run), Plots.LlmPlotSeries.Of("real", measured)],
                "dlsim llm compare", headline, [("Simulated against real", LlmTables.Comparison(report))], [LlmTables.ComparisonSummary(report)]);
            if (json.ToStdout(parse)) return ExitCodes.Ok;
            var o = context.Out;
            o.WriteLine(headline);
            if (deployment.Engine.PrefixCaching)
                o.WriteLine(prompts?.Prompts is null ? "prompts taken as unique (no token ids)" : $"prompt token ids from {prompts.Source}");
            o.WriteLine();
            LlmTables.Comparison(report).WriteTo(o);
            o.WriteLine();
            o.WriteLine(LlmTables.ComparisonSummary(report));
            if (json.Requested(parse)) o.WriteLine($"results: {parse.GetValue(json.Option)}");
            foreach (string line in written) o.WriteLine(line);
            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>The workload a run replayed: the given file, else meta.json's dataset_path found from the run folder upwards.</summary>
    private static LlmWorkload? ReplayedWorkload(string? given, LlmRealRun run, int blockSize)
    {
        if (given is not null) return LlmWorkloadFiles.Read(given, blockSize);
        if (run.DatasetPath is null || Path.IsPathRooted(run.DatasetPath)) return null;
        // Walk up the folder as written (messages then name the file as the user would), then from its full path.
        for (string? dir = Path.GetDirectoryName(Path.TrimEndingDirectorySeparator(run.Folder)); !string.IsNullOrEmpty(dir); dir = Path.GetDirectoryName(dir))
            if (File.Exists(Path.Combine(dir, run.DatasetPath))) return LlmWorkloadFiles.Read(Path.Combine(dir, run.DatasetPath), blockSize);
        for (var dir = new DirectoryInfo(run.Folder).Parent; dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, run.DatasetPath))) return LlmWorkloadFiles.Read(Path.Combine(dir.FullName, run.DatasetPath), blockSize);
        return null;
    }

    private static double? Slo(double? ms, string flag)
    {
        if (ms is null) return null;
        if (!(ms > 0)) throw new InputException(flag, 0, $"expected a time > 0 ms, found {ms.Value.ToString(CultureInfo.InvariantCulture)}");
        return ms / 1000;
    }

    private static void WriteTable(LlmStatistics s, TextWriter o)
    {
        LlmTables.Latency(s).WriteTo(o);
        o.WriteLine();
        foreach (string line in LlmTables.Summary(s)) o.WriteLine(line);
    }

    private static void WriteDeployment(Utf8JsonWriter w, LlmDeployment d)
    {
        w.WriteStartObject("deployment");
        w.WriteString("model", d.Model.Name);
        w.WriteNumber("tensor_parallel", d.TensorParallel);
        w.WriteNumber("pipeline_parallel", d.PipelineParallel);
        if (d.Pipeline is { } p)
        {
            w.WriteNumber("pp_link_gbps", p.LinkBytesPerS / 1e9);
            w.WriteNumber("pp_link_latency_us", p.LinkLatencyS * 1e6);
        }
        w.WriteNumber("replicas", d.Replicas);
        w.WriteString("routing", EnumNames.Of(d.Routing));
        if (d.Routing is LlmRouting.Random or LlmRouting.PowerOfTwo) w.WriteNumber("seed", d.Seed);
        w.WriteNumber("max_num_seqs", d.Engine.MaxNumSeqs);
        w.WriteNumber("max_num_batched_tokens", d.Engine.MaxNumBatchedTokens);
        w.WriteNumber("block_size", d.Engine.BlockSize);
        w.WriteNumber("kv_blocks", d.Engine.KvBlocks);
        w.WriteNumber("weight_bytes", d.Model.WeightBytes);
        w.WriteNumber("kv_bytes_per_token", d.Model.KvBytesPerToken);
        w.WriteEndObject();
    }

    internal static void WriteStatistics(Utf8JsonWriter w, LlmStatistics s)
    {
        w.WriteNumber("requests", s.Requests);
        w.WriteNumber("completed", s.Completed);
        w.WriteNumber("rejected", s.Rejected);
        foreach (var (name, v) in new[] { ("ttft_s", s.Ttft), ("tpot_s", s.Tpot), ("inter_token_s", s.Itl), ("end_to_end_s", s.EndToEnd) })
        {
            w.WriteStartObject(name);
            foreach (string stat in LatencySummary.Statistics) w.WriteNumberOrNull(stat, v[stat]);
            w.WriteEndObject();
        }
        w.WriteNumber("span_s", s.SpanS);
        w.WriteNumber("requests_per_s", s.RequestsPerS);
        w.WriteNumber("output_tokens_per_s", s.OutputTokensPerS);
        w.WriteNumber("tokens_per_s", s.TotalTokensPerS);
        if (s.GoodputPerS is double g) { w.WriteNumber("goodput_per_s", g); w.WriteNumberOrNull("slo_attainment", s.SloAttainment!.Value); }
        w.WriteNumber("iterations", s.Iterations);
        w.WriteNumber("preemptions", s.Preemptions);
    }

    private static void WriteSamples(Utf8JsonWriter w, IReadOnlyList<LlmSample> samples)
    {
        w.WriteStartArray("per_second");
        foreach (var s in samples)
        {
            w.WriteStartObject();
            w.WriteNumber("t", s.TimeS);
            w.WriteNumber("running", s.Running);
            w.WriteNumber("waiting", s.Waiting);
            w.WriteNumber("kv_use", Math.Round(s.KvUse, 6));
            w.WriteNumber("prompt_tokens", s.PromptTokens);
            w.WriteNumber("generated_tokens", s.GeneratedTokens);
            w.WriteEndObject();
        }
        w.WriteEndArray();
    }
}
