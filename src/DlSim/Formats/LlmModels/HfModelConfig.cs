using DlSim.Formats.Json;
using DlSim.Foundation;
using DlSim.Llm;

namespace DlSim.Formats.LlmModels;

/// <summary>Reads a model's architecture from a Hugging Face <c>config.json</c>.</summary>
public static class HfModelConfig
{
    public static LlmArchitecture Read(string path)
    {
        var root = JsonNode.ParseFile(path);
        var errors = new InputErrorList(path);
        if (root.Kind != JsonKind.Object) throw new InputException(path, root.Line, $"expected a JSON object (a Hugging Face model config), found {root.KindName}");
        int Int(string name, int? fallback = null)
        {
            var node = root.Get(name);
            if (node is null)
            {
                if (fallback is int f) return f;
                errors.Add(root.Line, $"expected field \"{name}\" (a positive integer) in the model config, found it missing");
                return 1;
            }
            if (node.Kind != JsonKind.Number || node.Number != Math.Floor(node.Number) || node.Number < 1 || node.Number > int.MaxValue)
            {
                errors.Add(node.Line, $"expected \"{name}\" to be a positive integer, found {(node.Kind == JsonKind.Number ? node.Number.ToString(System.Globalization.CultureInfo.InvariantCulture) : node.KindName)}");
                return 1;
            }
            return (int)node.Number;
        }
        int layers = Int("num_hidden_layers"), hidden = Int("hidden_size"), heads = Int("num_attention_heads");
        int kvHeads = Int("num_key_value_heads", heads), intermediate = Int("intermediate_size"), vocab = Int("vocab_size");
        int headDim = Int("head_dim", Math.Max(1, hidden / Math.Max(1, heads)));
        int experts = Int("num_local_experts", 1);
        string dtype = root.Get("torch_dtype")?.Text ?? root.Get("dtype")?.Text ?? "bfloat16";
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
}
