using System.Globalization;
using DlSim.Formats.Json;
using DlSim.Foundation;
using DlSim.Llm;

namespace DlSim.Formats.LlmSharing;

/// <summary>One model entry of a sharing file as written, paths resolved against the file's folder, and the line it starts on.</summary>
internal sealed record SharedModelSpec(
    int Line, string? Name, string Model, string Profiles, string Workload, int Tp, int MaxNumSeqs, int MaxNumBatchedTokens,
    int BlockSize, bool PrefixCaching, double? KvShare, int? KvBlocks, double? TtftSloMs, double? TpotSloMs);

/// <summary>One group entry of a sharing file as written.</summary>
internal sealed record GpuGroupSpec(int Line, string? Name, double MemoryGb, double Utilization, LlmShareOrder Order, IReadOnlyList<SharedModelSpec> Models);

/// <summary>Reads the JSON of a sharing file into specs, reporting every problem of shape and range with its line.</summary>
internal static class LlmSharingSpec
{
    private static readonly string[] TopFields = ["groups"];
    private static readonly string[] GroupFields = ["name", "gpu_memory_gb", "gpu_memory_utilization", "order", "models"];
    private static readonly string[] ModelFields =
    [
        "name", "model", "profiles", "workload", "tp", "max_num_seqs", "max_num_batched_tokens", "block_size", "prefix_caching",
        "kv_share", "kv_blocks", "ttft_slo_ms", "tpot_slo_ms",
    ];

    /// <summary>Reads the file's JSON; problems go to <see cref="JsonObjectFile.Errors"/>.</summary>
    public static List<GpuGroupSpec> Parse(JsonObjectFile file)
    {
        var (errors, groups) = (file.Errors, new List<GpuGroupSpec>());
        file.Fields.RejectUnknown(TopFields);
        var list = file.Fields.List("groups");
        if (list is null) return groups;
        if (list.Items.Count == 0) errors.Add(list.Line, "expected at least one GPU group in \"groups\", found none");
        string folder = Path.GetDirectoryName(file.Path) ?? "";
        foreach (var item in list.Items)
        {
            if (item.Kind != JsonKind.Object) { errors.Add(item.Line, $"expected a GPU group (an object), found {item.KindName}"); continue; }
            if (Group(item, folder, errors) is GpuGroupSpec group) groups.Add(group);
        }
        return groups;
    }

    private static GpuGroupSpec? Group(JsonNode node, string folder, InputErrorList errors)
    {
        var f = new JsonFields(node, errors, "a GPU group");
        f.RejectUnknown(GroupFields);
        string? name = f.NonEmptyString("name", required: false);
        double? memory = new JsonFields(node, errors).Number("gpu_memory_gb", "a size in GB > 0", v => v > 0); // as before, a missing size names no group
        if (memory > Limits.MaxMemoryGb)
        {
            errors.Add(node.Get("gpu_memory_gb")!.Line, string.Create(CultureInfo.InvariantCulture, $"expected \"gpu_memory_gb\" at most {Limits.MaxMemoryGb} GB (the limit), found {memory}"));
            memory = null;
        }
        double utilization = f.Number("gpu_memory_utilization", "a fraction in (0, 1]", v => v > 0 && v <= 1, required: false) ?? 0.9;
        var order = LlmShareOrder.RoundRobin;
        if (f.NonEmptyString("order", required: false) is string text && !EnumNames.TryParse(text, out order))
            errors.Add(node.Get("order")!.Line, $"expected \"order\" to be {EnumNames.List<LlmShareOrder>()}, found \"{text}\"");
        var list = f.List("models");
        var models = new List<SharedModelSpec>();
        if (list is not null)
        {
            if (list.Items.Count == 0) errors.Add(list.Line, "expected at least one model in \"models\", found none");
            foreach (var item in list.Items)
            {
                if (item.Kind != JsonKind.Object) { errors.Add(item.Line, $"expected a model (an object), found {item.KindName}"); continue; }
                if (Model(item, folder, errors) is SharedModelSpec model) models.Add(model);
            }
        }
        return memory is double gb && list is not null ? new GpuGroupSpec(node.Line, name, gb, utilization, order, models) : null;
    }

    private static SharedModelSpec? Model(JsonNode node, string folder, InputErrorList errors)
    {
        var f = new JsonFields(node, errors, "a model");
        f.RejectUnknown(ModelFields);
        string? name = f.NonEmptyString("name", required: false);
        string? model = f.String("model"), profiles = f.String("profiles"), workload = f.String("workload");
        int tp = Int(f, "tp", 1);
        int seqs = Int(f, "max_num_seqs", LlmEngineConfig.DefaultMaxNumSeqs);
        int batched = Int(f, "max_num_batched_tokens", LlmEngineConfig.DefaultMaxNumBatchedTokens);
        int block = Int(f, "block_size", LlmEngineConfig.DefaultBlockSize);
        bool caching = false;
        if (node.Get("prefix_caching") is JsonNode c)
        {
            if (c.Kind == JsonKind.Bool) caching = c.Bool;
            else errors.Add(c.Line, $"expected \"prefix_caching\" to be true or false, found {c.KindName}");
        }
        double? share = f.Number("kv_share", "a share > 0", v => v > 0, required: false);
        int? blocks = node.Get("kv_blocks") is null ? null : Int(f, "kv_blocks", 1);
        if (share is not null && blocks is not null)
            errors.Add(node.Get("kv_blocks")!.Line, "expected \"kv_share\" or \"kv_blocks\" for a model, found both");
        double? ttft = f.Number("ttft_slo_ms", "a time > 0 ms", v => v > 0, required: false);
        double? tpot = f.Number("tpot_slo_ms", "a time > 0 ms", v => v > 0, required: false);
        if (model is null || profiles is null || workload is null) return null;
        return new SharedModelSpec(node.Line, name, Path.Combine(folder, model), Path.Combine(folder, profiles), Path.Combine(folder, workload),
            tp, seqs, batched, block, caching, share, blocks, ttft, tpot);
    }

    /// <summary>An optional whole number ≥ 1, <paramref name="fallback"/> when absent or wrong (a wrong one is reported).</summary>
    private static int Int(JsonFields f, string name, int fallback) => f.PositiveInt(name, "a whole number ≥ 1", required: false) ?? fallback;

    internal static string Gb(double bytes) => (bytes / 1e9).ToString("0.00", CultureInfo.InvariantCulture);
}
