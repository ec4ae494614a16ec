using System.Globalization;
using DlSim.Formats.Json;
using DlSim.Foundation;
using DlSim.Llm;

namespace DlSim.Formats.LlmRoofline;

/// <summary>
/// Reads a GPU's data-sheet figures from JSON: <c>name</c>, <c>memory_gb</c>, <c>bandwidth_gbps</c> (GB/s),
/// <c>peak_tflops</c> (dense 16-bit tensor), optionally <c>interconnect_gbps</c> (GB/s between the GPUs of a
/// tensor-parallel group). GB are 10^9 bytes.
/// </summary>
public static class GpuSpecFile
{
    public static GpuSpec Read(string path)
    {
        var root = JsonNode.ParseFile(path);
        if (root.Kind != JsonKind.Object) throw new InputException(path, root.Line, $"expected a JSON object (name, memory_gb, bandwidth_gbps, peak_tflops), found {root.KindName}");
        var errors = new InputErrorList(path);
        foreach (var (key, node) in root.Members)
            if (key is not ("name" or "memory_gb" or "bandwidth_gbps" or "peak_tflops" or "interconnect_gbps"))
                errors.Add(node.Line, $"expected one of name, memory_gb, bandwidth_gbps, peak_tflops, interconnect_gbps, found \"{key}\"");
        var name = root.Get("name");
        if (name is null) errors.Add(root.Line, "expected field \"name\" (the GPU's name), found it missing");
        else if (name.Kind != JsonKind.String || string.IsNullOrWhiteSpace(name.Text)) errors.Add(name.Line, $"expected \"name\" to be a non-empty string, found {name.KindName}");
        double Positive(string field, bool required)
        {
            var node = root.Get(field);
            if (node is null)
            {
                if (required) errors.Add(root.Line, $"expected field \"{field}\" (a number > 0), found it missing");
                return 0;
            }
            if (node.Kind != JsonKind.Number || !(node.Number > 0))
            {
                errors.Add(node.Line, $"expected \"{field}\" to be a number > 0, found {node.KindName}");
                return 0;
            }
            return node.Number;
        }
        double memory = Positive("memory_gb", true), bandwidth = Positive("bandwidth_gbps", true), tflops = Positive("peak_tflops", true);
        double link = Positive("interconnect_gbps", false);
        errors.ThrowIfAny();
        return new GpuSpec(name!.Text!, memory * 1e9, bandwidth * 1e9, tflops * 1e12, link * 1e9);
    }

    /// <summary>The figures as the file gives them, for messages.</summary>
    public static string Describe(GpuSpec gpu) => string.Create(CultureInfo.InvariantCulture,
        $"{gpu.Name} ({gpu.MemoryBytes / 1e9:0.#} GB, {gpu.MemoryBandwidthBytesPerS / 1e9:0.#} GB/s, {gpu.PeakFlops / 1e12:0.#} TFLOPS{(gpu.InterconnectBytesPerS > 0 ? $", link {gpu.InterconnectBytesPerS / 1e9:0.#} GB/s" : "")})");
}
