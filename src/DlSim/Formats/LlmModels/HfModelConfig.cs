using System.Globalization;
using DlSim.Formats.Json;
using DlSim.Foundation;
using DlSim.Llm;

namespace DlSim.Formats.LlmModels;

/// <summary>Reads a model's architecture from a Hugging Face <c>config.json</c>.</summary>
public static class HfModelConfig
{
    public static LlmArchitecture Read(string path)
    {
        var file = JsonObjectFile.Read(path, "a JSON object (a Hugging Face model config)", "the model config", found: NumberAlone);
        var (root, errors) = (file.Root, file.Errors);
        int Int(string name, int? fallback = null) => file.Fields.PositiveInt(name, "a positive integer", required: fallback is null) ?? fallback ?? 1;
        int layers = Int("num_hidden_layers"), hidden = Int("hidden_size"), heads = Int("num_attention_heads");
        int kvHeads = Int("num_key_value_heads", heads), intermediate = Int("intermediate_size"), vocab = Int("vocab_size");
        int headDim = Int("head_dim", Math.Max(1, hidden / Math.Max(1, heads)));
        int experts = Int("num_local_experts", 1);
        // Grouped-query attention shares each key/value head among a whole number of query heads.
        if (kvHeads > heads || heads % kvHeads != 0)
            errors.Add(root.Get("num_key_value_heads")?.Line ?? root.Line, $"expected num_key_value_heads dividing the {heads} attention heads, found {kvHeads}");
        if (root.Get("head_dim") is null && hidden % heads != 0)
            errors.Add(root.Get("hidden_size")?.Line ?? root.Line, $"expected hidden_size a multiple of the {heads} attention heads (or a head_dim), found {hidden}");
        var dtypeNode = root.Get("torch_dtype") ?? root.Get("dtype");
        if (dtypeNode is not null && dtypeNode.Kind != JsonKind.String)
            errors.Add(dtypeNode.Line, $"expected torch_dtype a string (bfloat16, float16, float32 or fp8), found {dtypeNode.KindName}");
        string dtype = dtypeNode?.Kind == JsonKind.String ? dtypeNode.Text! : "bfloat16";
        int bytes = dtype switch
        {
            "bfloat16" or "float16" => 2,
            "float32" => 4,
            "float8" or "fp8" => 1,
            _ => 0,
        };
        if (bytes == 0) errors.Add(root.Get("torch_dtype")?.Line ?? root.Line, $"expected torch_dtype bfloat16, float16, float32 or fp8, found \"{dtype}\"");
        bool tied = root.Get("tie_word_embeddings")?.Kind == JsonKind.Bool && root.Get("tie_word_embeddings")!.Bool;
        errors.ThrowIfAny();
        return new LlmArchitecture(Path.GetFileNameWithoutExtension(path), layers, hidden, heads, kvHeads, headDim, intermediate, vocab, bytes, experts, tied);
    }

    /// <summary>A wrong value as this reader names it: a number by itself ("found 4096.5"), anything else by its kind.</summary>
    private static string NumberAlone(JsonNode value) =>
        value.Kind == JsonKind.Number ? value.Number.ToString(CultureInfo.InvariantCulture) : value.KindName;
}
