using System.CommandLine;
using System.Globalization;
using DlSim.Formats.LlmModels;
using DlSim.Formats.LlmProfiles;
using DlSim.Foundation;
using DlSim.Llm;

namespace DlSim.Cli.Commands;

/// <summary>The flags that describe an LLM deployment: model, profiles, tensor parallelism, engine limits, KV cache, replicas.</summary>
/// <param name="layout">Offer --replicas and --pp (a command that chooses the layout itself, like <c>llm plan</c>, does not).</param>
public sealed class LlmEngineOptions(bool layout = true)
{
    public Option<string> Model { get; } = new("--model") { Description = "Model architecture: a Hugging Face config.json (layers, hidden size, heads, KV heads, intermediate size, vocabulary, dtype).", Required = true };
    public Option<string> Profiles { get; } = new("--profiles") { Description = "Per-layer profile folder: a GPU folder holding MODEL/tpN/, a model folder holding tpN/, or a tpN folder (dense.csv, attention.csv, per_sequence.csv). Without profiles, give --gpu or --gpu-spec (roofline timing)." };
    public LlmRooflineOptions Roofline { get; } = new();
    public Option<int?> Tp { get; } = new("--tp") { Description = "Tensor-parallel degree (must divide the attention heads). Default: 1, or the real run's." };
    public Option<int> Pp { get; } = new("--pp") { Description = "Pipeline-parallel degree: each replica's layers split into this many consecutive stages (as vLLM splits them), each on its own tensor-parallel group, with up to one micro-batch per stage in flight. A replica then uses tp × pp GPUs; KV blocks from --gpu-memory-gb are sized per stage. See docs/llm-pipeline.md.", DefaultValueFactory = _ => 1 };
    public Option<double> PpLinkGbps { get; } = new("--pp-link-gbps") { Description = "Pipeline: bandwidth (GB/s, 10^9 bytes) of the link between consecutive stages; a micro-batch sends tokens × hidden size × 2 values (hidden states and residual) per stage boundary, split over the TP group.", DefaultValueFactory = _ => LlmPipeline.DefaultLinkBytesPerS / 1e9 };
    public Option<double> PpLinkLatencyUs { get; } = new("--pp-link-latency-us") { Description = "Pipeline: fixed latency (µs) added to every send between stages.", DefaultValueFactory = _ => LlmPipeline.DefaultLinkLatencyS * 1e6 };
    public Option<int?> KvBlocks { get; } = new("--kv-blocks") { Description = "KV cache blocks per replica. Default: the real run's, else from --gpu-memory-gb." };
    public Option<double?> GpuMemoryGb { get; } = new("--gpu-memory-gb") { Description = "GPU memory (GB, 10^9 bytes) to size the KV cache from when --kv-blocks is not given: utilization × memory − weights." };
    public Option<double?> GpuMemoryUtilization { get; } = new("--gpu-memory-utilization") { Description = "Fraction of GPU memory the engine may use (0–1]. Default: 0.9, or the real run's." };
    public Option<int?> MaxNumSeqs { get; } = new("--max-num-seqs") { Description = "Most sequences running at once. Default: 256, or the real run's." };
    public Option<int?> MaxNumBatchedTokens { get; } = new("--max-num-batched-tokens") { Description = "Token budget of one iteration (chunked prefill). Default: 2048, or the real run's." };
    public Option<int?> BlockSize { get; } = new("--block-size") { Description = "Tokens per KV cache block. Default: 16, or the real run's." };
    public Option<int> Replicas { get; } = new("--replicas") { Description = "Identical replicas behind the router.", DefaultValueFactory = _ => 1 };
    public Option<string?> PrefixCaching { get; } = new("--prefix-caching") { Description = "Prefix caching, on or off: a request first takes the cached full KV blocks matching its prompt (or, readmitted after a preemption, its own tokens) and computes only the rest. Matching across requests needs the prompts' token ids (input_tok_ids in the workload). Default: the real run's setting, else off." };
    public Option<string> Routing { get; } = new("--routing") { Description = $"How requests are spread over replicas: {EnumNames.List<LlmRouting>()} (random and power-of-two seeded by --seed; power-of-two compares outstanding requests; least-kv takes the replica with the fewest KV blocks in use plus blocks its waiting prompts need). See docs/llm.md.", DefaultValueFactory = _ => "round-robin" };
    public Option<ulong> Seed { get; } = new("--seed") { HelpName = "SEED", Description = "Seed of the router's random draws (--routing random, power-of-two); the same seed gives the same results.", DefaultValueFactory = _ => 0UL };

    public void AddTo(Command command)
    {
        foreach (var o in new Option[] { Model, Profiles, Tp, Pp, PpLinkGbps, PpLinkLatencyUs, KvBlocks, GpuMemoryGb, GpuMemoryUtilization, MaxNumSeqs, MaxNumBatchedTokens, BlockSize, PrefixCaching, Replicas, Routing, Seed })
            if (layout || (o != Replicas && o != Pp)) command.Options.Add(o);
        foreach (var o in Roofline.All) command.Options.Add(o);
    }

    /// <summary>Reads the model and profiles and builds the deployment; <paramref name="run"/> supplies defaults for what is not given.</summary>
    public LlmDeployment Load(ParseResult parse, LlmRealRun? run = null) => Load(parse, out _, run);

    /// <summary>As <see cref="Load(ParseResult, LlmRealRun?)"/>; <paramref name="kvBlocksByStages"/> gives the KV blocks of a
    /// replica of any pipeline degree (fixed by --kv-blocks, else sized from memory per stage; 0 when the weights leave none).</summary>
    public LlmDeployment Load(ParseResult parse, out Func<int, int> kvBlocksByStages, LlmRealRun? run = null)
    {
        int Positive(Option<int?> option, int fallback)
        {
            int v = parse.GetValue(option) ?? fallback;
            if (v < 1) throw new InputException(option.Name, 0, $"expected a whole number ≥ 1, found {v}");
            return v;
        }
        var rooflineGpu = Roofline.Load(parse, Profiles);
        var model = HfModelConfig.Read(parse.GetValue(Model)!);
        if (model.SizeProblem() is string tooBig) throw new InputException(parse.GetValue(Model)!, 0, tooBig);
        int tp = Positive(Tp, run?.TensorParallel ?? 1);
        if (model.TensorParallelProblem(tp) is string problem) throw new InputException("--tp", 0, problem);
        var pipeline = LoadPipeline(parse, model);
        int pp = pipeline.Stages;
        int seqs = Positive(MaxNumSeqs, run?.MaxNumSeqs ?? LlmEngineConfig.DefaultMaxNumSeqs);
        int batched = Positive(MaxNumBatchedTokens, run?.MaxNumBatchedTokens ?? LlmEngineConfig.DefaultMaxNumBatchedTokens);
        int block = Positive(BlockSize, run?.BlockSize ?? LlmEngineConfig.DefaultBlockSize);
        int replicas = layout ? parse.GetValue(Replicas) : 1;
        if (replicas < 1) throw new InputException("--replicas", 0, $"expected a whole number ≥ 1, found {replicas}");
        var routing = EnumNames.Parse<LlmRouting>(parse.GetValue(Routing)!, "--routing");
        double util = parse.GetValue(GpuMemoryUtilization) ?? run?.GpuMemoryUtilization ?? 0.9;
        if (!(util > 0 && util <= 1)) throw new InputException("--gpu-memory-utilization", 0, $"expected a fraction in (0, 1], found {util.ToString(CultureInfo.InvariantCulture)}");
        Func<int, int> FromMemory(double bytes) => stages => LlmEngineConfig.BlocksFromMemory(model, tp, bytes, util, block, pp: stages);
        string blocksFrom = "--kv-blocks";
        if (parse.GetValue(KvBlocks) is int given)
        {
            int fixedBlocks = Positive(KvBlocks, given);
            kvBlocksByStages = _ => fixedBlocks;
        }
        else if (parse.GetValue(GpuMemoryGb) is double gb)
        {
            if (!(gb > 0) || double.IsInfinity(gb)) throw new InputException("--gpu-memory-gb", 0, $"expected a size > 0, found {gb.ToString(CultureInfo.InvariantCulture)}");
            if (gb > Limits.MaxMemoryGb) throw new InputException("--gpu-memory-gb", 0, $"expected at most {Limits.MaxMemoryGb} GB (the limit), found {gb.ToString(CultureInfo.InvariantCulture)}");
            kvBlocksByStages = FromMemory(gb * 1e9);
            blocksFrom = "--gpu-memory-gb";
        }
        else if (run?.KvBlocks is int recorded) (kvBlocksByStages, blocksFrom) = (_ => recorded, Path.Combine(run.Folder, "meta.json"));
        else if (run?.GpuMemoryBytes is double bytes) (kvBlocksByStages, blocksFrom) = (FromMemory(bytes), Path.Combine(run.Folder, "meta.json"));
        else if (rooflineGpu is not null) (kvBlocksByStages, blocksFrom) = (FromMemory(rooflineGpu.MemoryBytes), parse.GetValue(Roofline.SpecFile) ?? "--gpu");
        else throw new InputException("--kv-blocks", 0, "expected --kv-blocks or --gpu-memory-gb (the KV cache size), found neither");
        int blocks = kvBlocksByStages(pp);
        CheckKvBlocks(blocks, replicas, blocksFrom);
        if (blocks < 1 && layout) throw new InputException("--gpu-memory-gb", 0, $"expected memory left for the KV cache after {Enumerable.Range(0, pp).Max(s => model.StageWeightBytesPerGpu(tp, pp, s)) / 1e9:0.0} GB of weights per GPU, found none");
        var timing = rooflineGpu is not null ? Roofline.Timing(parse, model, tp, rooflineGpu)
            : new IterationTiming(LayerProfileFolder.Read(LayerProfileFolder.Resolve(parse.GetValue(Profiles)!, model.Name, tp)), model.Layers);
        bool caching = parse.GetValue(PrefixCaching) switch
        {
            null => run?.PrefixCaching ?? false,
            "on" => true,
            "off" => false,
            string other => throw new InputException("--prefix-caching", 0, $"expected on or off, found \"{other}\""),
        };
        var engine = new LlmEngineConfig(seqs, batched, block, blocks, caching);
        return new LlmDeployment(model, tp, engine, timing, replicas, routing, parse.GetValue(Seed), pp == 1 ? null : pipeline);
    }

    /// <summary>Fastest link between GPUs a flag may give (GB/s): far above any interconnect, and small enough that
    /// bytes per second stay finite in results.</summary>
    public const double MaxLinkGbps = 1e9;

    /// <summary>Refuses more KV blocks than <see cref="Limits.MaxKvBlocks"/> over all <paramref name="replicas"/>: each block's
    /// state is allocated up front, so a typo in a size must not ask for gigabytes.</summary>
    /// <param name="source">The flag or file the block count came from.</param>
    public static void CheckKvBlocks(long blocksPerReplica, long replicas, string source)
    {
        if (blocksPerReplica * replicas <= Limits.MaxKvBlocks) return;
        string found = replicas == 1 ? $"{blocksPerReplica}" : $"{blocksPerReplica} per replica × {replicas} replicas";
        throw new InputException(source, 0, $"expected at most {Limits.MaxKvBlocks} KV cache blocks over all replicas (the limit), found {found}");
    }

    private LlmPipeline LoadPipeline(ParseResult parse, LlmArchitecture model)
    {
        int pp = layout ? parse.GetValue(Pp) : 1;
        if (model.PipelineProblem(pp) is string problem) throw new InputException("--pp", 0, problem);
        double gbps = parse.GetValue(PpLinkGbps), latencyUs = parse.GetValue(PpLinkLatencyUs);
        if (!(gbps > 0) || double.IsInfinity(gbps)) throw new InputException("--pp-link-gbps", 0, $"expected a bandwidth > 0, found {gbps.ToString(CultureInfo.InvariantCulture)}");
        if (gbps > MaxLinkGbps) throw new InputException("--pp-link-gbps", 0, $"expected a bandwidth of at most 1e9 GB/s (the limit), found {gbps.ToString(CultureInfo.InvariantCulture)}");
        if (!(latencyUs >= 0) || double.IsInfinity(latencyUs)) throw new InputException("--pp-link-latency-us", 0, $"expected a latency ≥ 0, found {latencyUs.ToString(CultureInfo.InvariantCulture)}");
        return new LlmPipeline(pp, gbps * 1e9, latencyUs * 1e-6);
    }

    /// <summary>"tp2" or, with a pipeline, "tp2 pp4".</summary>
    public static string Parallelism(LlmDeployment d) => d.PipelineParallel == 1 ? $"tp{d.TensorParallel}" : $"tp{d.TensorParallel} pp{d.PipelineParallel}";

    /// <summary>The routing policy's name, with its seed when it draws at random.</summary>
    public static string RoutingName(LlmDeployment d) =>
        d.Routing is LlmRouting.Random or LlmRouting.PowerOfTwo ? $"{EnumNames.Of(d.Routing)}, seed {d.Seed}" : EnumNames.Of(d.Routing);

    public static string Describe(LlmDeployment d) => string.Create(CultureInfo.InvariantCulture,
        $"{d.Model.Name} {Parallelism(d)} × {d.Replicas} replica{(d.Replicas == 1 ? "" : "s")} ({RoutingName(d)}); max_num_seqs {d.Engine.MaxNumSeqs}, max_num_batched_tokens {d.Engine.MaxNumBatchedTokens}, {d.Engine.KvBlocks} KV blocks of {d.Engine.BlockSize}, prefix caching {(d.Engine.PrefixCaching ? "on" : "off")}{RooflineNote(d.Timing)}");

    /// <summary>", roofline timing on GPU" when the roofline model times the iterations; empty for profiles.</summary>
    public static string RooflineNote(IterationTiming timing) =>
        timing.Roofline is { } r ? $", roofline timing on {r.Operators.Gpu.Name}" : "";
}
