using System.CommandLine;
using System.Globalization;
using DlSim.Foundation;
using DlSim.Llm;

namespace DlSim.Cli.Commands;

/// <summary>The flags of prefill/decode disaggregation: prefill and decode replica counts and the KV link.</summary>
public sealed class LlmDisaggregationOptions
{
    public Option<int?> PrefillReplicas { get; } = new("--prefill-replicas") { Description = "Prefill/decode disaggregation: replicas that compute prompts (the first token comes out there); needs --decode-replicas and --kv-link-gbps, and replaces --replicas." };
    public Option<int?> DecodeReplicas { get; } = new("--decode-replicas") { Description = "Disaggregation: replicas that receive a request's prompt KV and generate the rest (same GPUs, engine limits and --kv-blocks as the prefill replicas)." };
    public Option<double?> LinkGbps { get; } = new("--kv-link-gbps") { Description = "Disaggregation: bandwidth (GB/s, 10^9 bytes) of the link a request's prompt KV crosses from prefill to decode; a transfer sends prompt tokens × KV bytes per token per GPU." };
    public Option<double> LinkLatencyUs { get; } = new("--kv-link-latency-us") { Description = "Disaggregation: fixed latency (µs) added to every KV transfer.", DefaultValueFactory = _ => 0 };

    public void AddTo(Command command)
    {
        foreach (var o in new Option[] { PrefillReplicas, DecodeReplicas, LinkGbps, LinkLatencyUs }) command.Options.Add(o);
    }

    /// <summary>True when any disaggregation flag is given.</summary>
    public bool Requested(ParseResult parse) =>
        parse.GetValue(PrefillReplicas) is not null || parse.GetValue(DecodeReplicas) is not null || parse.GetValue(LinkGbps) is not null
        || parse.GetResult(LinkLatencyUs) is { Implicit: false };

    /// <summary>The disaggregated setup over <paramref name="deployment"/>'s model, engine and router.</summary>
    public LlmDisaggregation Load(ParseResult parse, LlmDeployment deployment, Option<int> replicas)
    {
        if (parse.GetResult(replicas) is { Implicit: false })
            throw new InputException("--replicas", 0, "expected either --replicas or --prefill-replicas with --decode-replicas, found both");
        int prefill = parse.GetValue(PrefillReplicas) ?? throw new InputException("--prefill-replicas", 0, "expected the prefill replica count with --decode-replicas and --kv-link-gbps, found none");
        int decode = parse.GetValue(DecodeReplicas) ?? throw new InputException("--decode-replicas", 0, "expected the decode replica count with --prefill-replicas, found none");
        double gbps = parse.GetValue(LinkGbps) ?? throw new InputException("--kv-link-gbps", 0, "expected the KV link's bandwidth (GB/s) with --prefill-replicas, found none");
        double latencyUs = parse.GetValue(LinkLatencyUs);
        if (prefill < 1) throw new InputException("--prefill-replicas", 0, $"expected a whole number ≥ 1, found {prefill}");
        if (decode < 1) throw new InputException("--decode-replicas", 0, $"expected a whole number ≥ 1, found {decode}");
        if (!(gbps > 0) || double.IsInfinity(gbps)) throw new InputException("--kv-link-gbps", 0, $"expected a bandwidth > 0, found {gbps.ToString(CultureInfo.InvariantCulture)}");
        if (gbps > LlmEngineOptions.MaxLinkGbps) throw new InputException("--kv-link-gbps", 0, $"expected a bandwidth of at most 1e9 GB/s (the limit), found {gbps.ToString(CultureInfo.InvariantCulture)}");
        LlmEngineOptions.CheckKvBlocks(deployment.Engine.KvBlocks, (long)prefill + decode, "--prefill-replicas");
        if (!(latencyUs >= 0) || double.IsInfinity(latencyUs)) throw new InputException("--kv-link-latency-us", 0, $"expected a latency ≥ 0, found {latencyUs.ToString(CultureInfo.InvariantCulture)}");
        return new LlmDisaggregation(deployment with { Replicas = prefill }, decode, deployment.Engine.KvBlocks, gbps * 1e9, latencyUs * 1e-6);
    }

    public static string Describe(LlmDisaggregation d)
    {
        var p = d.Prefill;
        return string.Create(CultureInfo.InvariantCulture,
            $"{p.Model.Name} {LlmEngineOptions.Parallelism(p)} × {p.Replicas} prefill + {d.DecodeReplicas} decode replica{(p.Replicas + d.DecodeReplicas == 1 ? "" : "s")} ({LlmEngineOptions.RoutingName(p)}), KV link {d.LinkBytesPerS / 1e9:0.###} GB/s + {d.LinkLatencyS * 1e6:0.###} µs; max_num_seqs {p.Engine.MaxNumSeqs}, max_num_batched_tokens {p.Engine.MaxNumBatchedTokens}, {p.Engine.KvBlocks} KV blocks of {p.Engine.BlockSize} per replica, prefix caching {(p.Engine.PrefixCaching ? "on (prefill)" : "off")}");
    }
}
