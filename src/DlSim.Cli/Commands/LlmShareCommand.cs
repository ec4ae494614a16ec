using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using DlSim.Cli.Output;
using DlSim.Formats.Json;
using DlSim.Formats.LlmSharing;
using DlSim.Foundation;
using DlSim.Llm;

namespace DlSim.Cli.Commands;

/// <summary><c>dlsim llm share FILE</c>: several models sharing GPU groups, each with its own engine, one iteration at a time per group.</summary>
internal static class LlmShareCommand
{
    public static Command Build(CliContext context)
    {
        var file = new Argument<string>("FILE") { Description = "Sharing file (JSON): GPU groups, each with gpu_memory_gb and its models (model config, profiles, workload, tp, engine limits, kv_share or kv_blocks, SLOs); see docs/llm-sharing.md." };
        var ttftSlo = new Option<double?>("--ttft-slo-ms") { Description = "TTFT objective (ms) for goodput, for every model whose entry sets none." };
        var tpotSlo = new Option<double?>("--tpot-slo-ms") { Description = "TPOT objective (ms) for goodput, for every model whose entry sets none." };
        var alone = new Option<bool>("--alone") { Description = "Also simulate each model alone on GPUs of its group's kind (all their memory for its KV cache, the same engine limits), for comparison." };
        var json = new JsonOption();
        var command = new Command("share", "Simulate several LLMs sharing GPUs: every model's weights resident, the KV memory left split among them, one iteration at a time per GPU group; per-model and overall TTFT, TPOT, end-to-end, goodput.");
        command.Arguments.Add(file);
        command.Options.Add(ttftSlo);
        command.Options.Add(tpotSlo);
        command.Options.Add(alone);
        command.Options.Add(json.Option);
        command.SetAction(parse =>
        {
            double? ttft = Slo(parse.GetValue(ttftSlo), "--ttft-slo-ms"), tpot = Slo(parse.GetValue(tpotSlo), "--tpot-slo-ms");
            string path = parse.GetValue(file)!;
            var groups = LlmSharingFile.Read(path).Select(g => g with
            {
                Models = [.. g.Models.Select(m => m with { TtftSloS = m.TtftSloS ?? ttft, TpotSloS = m.TpotSloS ?? tpot })],
            }).ToList();
            var runs = groups.Select(g => LlmSharedSimulation.Run(g)).ToList();
            var rows = LlmSharedStatistics.PerModel(groups, runs);
            var models = groups.SelectMany(g => g.Models).ToList();
            var overall = LlmSharedStatistics.Overall(models, [.. runs.SelectMany(r => r.Runs)]);
            List<LlmStatistics>? soloStats = null;
            LlmStatistics? soloOverall = null;
            if (parse.GetValue(alone))
            {
                var soloRuns = groups.SelectMany(LlmSharedStatistics.Alone).ToList();
                soloStats = [.. soloRuns.Select((r, i) => LlmStatistics.Of(r, models[i].TtftSloS, models[i].TpotSloS))];
                soloOverall = LlmSharedStatistics.Overall(models, soloRuns);
            }
            json.Write(parse, context, stream => JsonDocumentWriter.Write(stream, w =>
                WriteJson(w, path, groups, runs, rows, overall, soloStats, soloOverall)));
            if (json.ToStdout(parse)) return ExitCodes.Ok;
            var o = context.Out;
            o.WriteLine($"{path}: {groups.Count} GPU group{(groups.Count == 1 ? "" : "s")}, {models.Count} model{(models.Count == 1 ? "" : "s")}");
            for (int g = 0; g < groups.Count; g++) Describe(o, groups[g], runs[g]);
            o.WriteLine();
            WriteTable(o, rows.Select(r => (r.Model.Name, r.Statistics)), overall);
            if (soloStats is not null)
            {
                o.WriteLine();
                o.WriteLine("each model alone on its own GPU(s) of the same kind:");
                WriteTable(o, models.Select((m, i) => (m.Name, soloStats[i])), soloOverall!);
            }
            if (json.Requested(parse)) o.WriteLine($"results: {parse.GetValue(json.Option)}");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static double? Slo(double? ms, string flag)
    {
        if (ms is null) return null;
        if (!(ms > 0)) throw new InputException(flag, 0, $"expected a time > 0 ms, found {ms.Value.ToString(CultureInfo.InvariantCulture)}");
        return ms / 1000;
    }

    private static void Describe(TextWriter o, LlmGpuGroup g, LlmSharedRunResult run)
    {
        o.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{g.Name}: {g.Gpus} GPU{(g.Gpus == 1 ? "" : "s")} of {g.MemoryBytes / 1e9:0.#} GB × {g.Utilization:0.###}, {EnumNames.Of(g.Order)}; per GPU {g.WeightBytesPerGpu / 1e9:0.00} GB of weights, {g.KvBytesPerGpu / 1e9:0.00} GB of KV cache; busy {run.GpuBusyS.Sum():0.00} of {run.EndS - FirstArrival(g):0.00} s"));
        for (int m = 0; m < g.Models.Count; m++)
        {
            var model = g.Models[m];
            var d = model.Deployment;
            o.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {model.Name}: {d.Model.Name} tp{d.TensorParallel}, {d.Engine.KvBlocks} KV blocks of {d.Engine.BlockSize} ({LlmKvSplit.BlockBytes(d) * (double)d.Engine.KvBlocks / 1e9:0.00} GB), max_num_seqs {d.Engine.MaxNumSeqs}, max_num_batched_tokens {d.Engine.MaxNumBatchedTokens}, prefix caching {(d.Engine.PrefixCaching ? "on" : "off")}; {model.Workload.Count} requests from {Path.GetFileName(model.Workload.Source)}; GPU busy {run.GpuBusyS[m]:0.00} s"));
        }
    }

    private static double FirstArrival(LlmGpuGroup g)
    {
        double first = double.PositiveInfinity;
        foreach (var m in g.Models) if (m.Workload.Count > 0) first = Math.Min(first, m.Workload.Requests[0].ArrivalS);
        return double.IsPositiveInfinity(first) ? 0 : first;
    }

    private static void WriteTable(TextWriter o, IEnumerable<(string Name, LlmStatistics Stats)> rows, LlmStatistics overall)
    {
        var table = new TextTable("model", "done", "TTFT mean ms", "TTFT p99 ms", "TPOT mean ms", "TPOT p99 ms", "e2e mean ms", "e2e p99 ms", "tokens/s", "SLOs met", "goodput/s");
        foreach (var (name, s) in rows.Append(("all", overall)))
            table.Add(name, $"{s.Completed}/{s.Requests}", Ms(s.Ttft.Mean), Ms(s.Ttft.P99), Ms(s.Tpot.Mean), Ms(s.Tpot.P99), Ms(s.EndToEnd.Mean), Ms(s.EndToEnd.P99),
                s.OutputTokensPerS.ToString("0.0", CultureInfo.InvariantCulture),
                s.SloAttainment is double a && double.IsFinite(a) ? a.ToString("0.0%", CultureInfo.InvariantCulture) : "-",
                s.GoodputPerS is double g ? g.ToString("0.00", CultureInfo.InvariantCulture) : "-");
        table.WriteTo(o);
    }

    private static string Ms(double s) => double.IsFinite(s) ? (s * 1000).ToString("0.00", CultureInfo.InvariantCulture) : "-";

    private static void WriteJson(Utf8JsonWriter w, string path, List<LlmGpuGroup> groups, List<LlmSharedRunResult> runs,
        List<LlmSharedModelStatistics> rows, LlmStatistics overall, List<LlmStatistics>? solo, LlmStatistics? soloOverall)
    {
        w.WriteStartObject();
        w.WriteString("share", path);
        w.WriteStartArray("groups");
        int row = 0;
        for (int g = 0; g < groups.Count; g++)
        {
            var group = groups[g];
            w.WriteStartObject();
            w.WriteString("name", group.Name);
            w.WriteNumber("gpus", group.Gpus);
            w.WriteNumber("gpu_memory_bytes", group.MemoryBytes);
            w.WriteNumber("gpu_memory_utilization", group.Utilization);
            w.WriteString("order", EnumNames.Of(group.Order));
            w.WriteNumber("weight_bytes_per_gpu", group.WeightBytesPerGpu);
            w.WriteNumber("kv_bytes_per_gpu", group.KvBytesPerGpu);
            w.WriteNumber("gpu_busy_s", runs[g].GpuBusyS.Sum());
            w.WriteStartArray("models");
            for (int m = 0; m < group.Models.Count; m++, row++)
            {
                var model = group.Models[m];
                var d = model.Deployment;
                w.WriteStartObject();
                w.WriteString("name", model.Name);
                w.WriteString("model", d.Model.Name);
                w.WriteString("workload", model.Workload.Source);
                w.WriteNumber("tensor_parallel", d.TensorParallel);
                w.WriteNumber("max_num_seqs", d.Engine.MaxNumSeqs);
                w.WriteNumber("max_num_batched_tokens", d.Engine.MaxNumBatchedTokens);
                w.WriteNumber("block_size", d.Engine.BlockSize);
                w.WriteBoolean("prefix_caching", d.Engine.PrefixCaching);
                w.WriteNumber("kv_blocks", d.Engine.KvBlocks);
                w.WriteNumber("kv_bytes_per_gpu", LlmKvSplit.BlockBytes(d) * (long)d.Engine.KvBlocks);
                w.WriteNumber("weight_bytes_per_gpu", d.Model.WeightBytesPerGpu(d.TensorParallel));
                if (model.TtftSloS is double t) w.WriteNumber("ttft_slo_s", t);
                if (model.TpotSloS is double p) w.WriteNumber("tpot_slo_s", p);
                w.WriteNumber("gpu_busy_s", runs[g].GpuBusyS[m]);
                w.WriteStartObject("shared");
                LlmCommands.WriteStatistics(w, rows[row].Statistics);
                w.WriteEndObject();
                if (solo is not null)
                {
                    w.WriteStartObject("alone");
                    LlmCommands.WriteStatistics(w, solo[row]);
                    w.WriteEndObject();
                }
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteStartObject("overall");
        LlmCommands.WriteStatistics(w, overall);
        w.WriteEndObject();
        if (soloOverall is not null)
        {
            w.WriteStartObject("overall_alone");
            LlmCommands.WriteStatistics(w, soloOverall);
            w.WriteEndObject();
        }
        w.WriteEndObject();
    }
}
