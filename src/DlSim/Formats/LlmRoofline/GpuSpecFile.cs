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
        var file = JsonObjectFile.Read(path, "a JSON object (name, memory_gb, bandwidth_gbps, peak_tflops)");
        foreach (var (key, node) in file.Root.Members)
            if (key is not ("name" or "memory_gb" or "bandwidth_gbps" or "peak_tflops" or "interconnect_gbps"))
                file.Errors.Add(node.Line, $"expected one of name, memory_gb, bandwidth_gbps, peak_tflops, interconnect_gbps, found \"{key}\"");
        var f = file.Fields;
        string? name = f.NonEmptyString("name", missing: "the GPU's name");
        double? memory = Positive("memory_gb"), bandwidth = Positive("bandwidth_gbps"), tflops = Positive("peak_tflops");
        double link = Positive("interconnect_gbps", required: false) ?? 0;
        // Figures far outside any GPU would make runs endless (or times zero): a typo, not a GPU.
        Within("memory_gb", memory, 1e-3, 1_048_576);
        Within("bandwidth_gbps", bandwidth, 1e-3, 1e9);
        Within("peak_tflops", tflops, 1e-3, 1e9);
        Within("interconnect_gbps", link > 0 ? link : null, 1e-3, 1e9);
        file.ThrowIfAny();
        return new GpuSpec(name!, memory!.Value * 1e9, bandwidth!.Value * 1e9, tflops!.Value * 1e12, link * 1e9);

        double? Positive(string field, bool required = true) => f.Number(field, "a number > 0", v => v > 0, required);

        void Within(string field, double? value, double low, double high)
        {
            if (value is double v && v > 0 && (v < low || v > high))
                file.Errors.Add(file.Root.Get(field)!.Line, string.Create(CultureInfo.InvariantCulture, $"expected {field} from {low:G} to {high:G}, found {v:G}"));
        }
    }

    /// <summary>The figures as the file gives them, for messages.</summary>
    public static string Describe(GpuSpec gpu) => string.Create(CultureInfo.InvariantCulture,
        $"{gpu.Name} ({gpu.MemoryBytes / 1e9:0.#} GB, {gpu.MemoryBandwidthBytesPerS / 1e9:0.#} GB/s, {gpu.PeakFlops / 1e12:0.#} TFLOPS{(gpu.InterconnectBytesPerS > 0 ? $", link {gpu.InterconnectBytesPerS / 1e9:0.#} GB/s" : "")})");
}
