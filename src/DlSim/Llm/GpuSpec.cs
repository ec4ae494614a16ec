namespace DlSim.Llm;

/// <summary>
/// A GPU's published peaks: memory bandwidth and dense 16-bit tensor throughput. They bound what any iteration can
/// achieve (no kernel reads memory faster or multiplies faster), so they serve as physical limits for timing models.
/// </summary>
/// <param name="Name">As the profile folders name it.</param>
/// <param name="MemoryBytes">Memory of one GPU.</param>
/// <param name="MemoryBandwidthBytesPerS">Peak memory bandwidth.</param>
/// <param name="PeakFlops">Peak dense FP16/BF16 tensor throughput, floating-point operations per second (the higher of the vendor's accumulate modes).</param>
/// <param name="InterconnectBytesPerS">Bandwidth between the GPUs of a tensor-parallel group, one direction (0: not given); only the roofline timing model uses it.</param>
public sealed record GpuSpec(string Name, double MemoryBytes, double MemoryBandwidthBytesPerS, double PeakFlops, double InterconnectBytesPerS = 0)
{
    /// <summary>The GPUs of the reference profiles, from their vendor's data sheets.</summary>
    public static readonly IReadOnlyList<GpuSpec> Known =
    [
        // GeForce RTX 4090: 24 GB GDDR6X, 1008 GB/s; 330.3 TFLOPS dense FP16 tensor (FP16 accumulate); PCIe 4.0 x16, no NVLink.
        new("RTX4090", 24e9, 1008e9, 330.3e12, 32e9),
        // RTX PRO 6000 Blackwell: 96 GB GDDR7, 1792 GB/s; 4000 TOPS sparse FP4, so about 500 TFLOPS dense 16-bit; PCIe 5.0 x16.
        new("RTXPRO6000", 96e9, 1792e9, 503.8e12, 64e9),
    ];

    /// <summary>The known GPU of this name, or null.</summary>
    public static GpuSpec? Find(string name) => Known.FirstOrDefault(g => string.Equals(g.Name, name, StringComparison.OrdinalIgnoreCase));
}
