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

    public static List<GpuGroupSpec> Parse(JsonNode root, string file, InputErrorList errors)
    {
        var groups = new List<GpuGroupSpec>();
        if (root.Kind != JsonKind.Object)
        {
            errors.Add(root.Line, $"expected a JSON object with \"groups\" (a list of GPU groups), found {root.KindName}");
            return groups;
        }
        var top = new JsonFields(root, errors, "the sharing file");
        top.RejectUnknown(TopFields);
        var list = top.List("groups");
        if (list is null) return groups;
        if (list.Items.Count == 0) errors.Add(list.Line, "expected at least one GPU group in \"groups\", found none");
        string folder = Path.GetDirectoryName(file) ?? "";
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
        string? name = OptionalString(node, "name", errors);
        double? memory = Number(node, "gpu_memory_gb", errors, required: true, v => v > 0, "a size in GB > 0");
        double utilization = Number(node, "gpu_memory_utilization", errors, required: false, v => v > 0 && v <= 1, "a fraction in (0, 1]") ?? 0.9;
        var order = LlmShareOrder.RoundRobin;
        if (OptionalString(node, "order", errors) is string text && !EnumNames.TryParse(text, out order))
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
        string? name = OptionalString(node, "name", errors);
        string? model = f.String("model"), profiles = f.String("profiles"), workload = f.String("workload");
        int tp = Int(node, "tp", errors, 1);
        int seqs = Int(node, "max_num_seqs", errors, LlmEngineConfig.DefaultMaxNumSeqs);
        int batched = Int(node, "max_num_batched_tokens", errors, LlmEngineConfig.DefaultMaxNumBatchedTokens);
        int block = Int(node, "block_size", errors, LlmEngineConfig.DefaultBlockSize);
        bool caching = false;
        if (node.Get("prefix_caching") is JsonNode c)
        {
            if (c.Kind == JsonKind.Bool) caching = c.Bool;
            else errors.Add(c.Line, $"expected \"prefix_caching\" to be true or false, found {c.KindName}");
        }
        double? share = Number(node, "kv_share", errors, required: false, v => v > 0, "a share > 0");
        int? blocks = node.Get("kv_blocks") is null ? null : Int(node, "kv_blocks", errors, 1);
        if (share is not null && blocks is not null)
            errors.Add(node.Get("kv_blocks")!.Line, "expected \"kv_share\" or \"kv_blocks\" for a model, found both");
        double? ttft = Number(node, "ttft_slo_ms", errors, required: false, v => v > 0, "a time > 0 ms");
        double? tpot = Number(node, "tpot_slo_ms", errors, required: false, v => v > 0, "a time > 0 ms");
        if (model is null || profiles is null || workload is null) return null;
        return new SharedModelSpec(node.Line, name, Path.Combine(folder, model), Path.Combine(folder, profiles), Path.Combine(folder, workload),
            tp, seqs, batched, block, caching, share, blocks, ttft, tpot);
    }

    private static string? OptionalString(JsonNode node, string name, InputErrorList errors)
    {
        var value = node.Get(name);
        if (value is null) return null;
        if (value.Kind == JsonKind.String && !string.IsNullOrWhiteSpace(value.Text)) return value.Text;
        errors.Add(value.Line, $"expected \"{name}\" to be a non-empty string, found {value.KindName}");
        return null;
    }

    private static int Int(JsonNode node, string name, InputErrorList errors, int fallback)
    {
        var value = node.Get(name);
        if (value is null) return fallback;
        if (value.Kind == JsonKind.Number && value.Number == Math.Floor(value.Number) && value.Number >= 1 && value.Number <= int.MaxValue) return (int)value.Number;
        errors.Add(value.Line, $"expected \"{name}\" to be a whole number ≥ 1, found {value.KindName}");
        return fallback;
    }

    private static double? Number(JsonNode node, string name, InputErrorList errors, bool required, Func<double, bool> valid, string expected)
    {
        var value = node.Get(name);
        if (value is null)
        {
            if (required) errors.Add(node.Line, $"expected field \"{name}\" ({expected}), found it missing");
            return null;
        }
        if (value.Kind == JsonKind.Number && valid(value.Number)) return value.Number;
        errors.Add(value.Line, $"expected \"{name}\" to be {expected}, found {value.KindName}");
        return null;
    }

    internal static string Gb(double bytes) => (bytes / 1e9).ToString("0.00", CultureInfo.InvariantCulture);
}
