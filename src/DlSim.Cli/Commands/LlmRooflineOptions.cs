using System.CommandLine;
using DlSim.Formats.LlmRoofline;
using DlSim.Foundation;
using DlSim.Llm;

namespace DlSim.Cli.Commands;

/// <summary>
/// The flags that time iterations by the roofline model instead of profiles: <c>--gpu NAME</c> or
/// <c>--gpu-spec FILE</c>, and optionally <c>--roofline-factors FILE</c>.
/// </summary>
public sealed class LlmRooflineOptions
{
    public Option<string?> Gpu { get; } = new("--gpu") { Description = $"Time iterations by the roofline model on a built-in GPU ({string.Join(", ", DlSim.Llm.GpuSpec.Known.Select(g => g.Name))}) instead of --profiles; the KV cache defaults to its memory. See docs/llm-roofline.md." };
    public Option<string?> SpecFile { get; } = new("--gpu-spec") { Description = "Time iterations by the roofline model on the GPU a JSON file describes (name, memory_gb, bandwidth_gbps, peak_tflops; optional interconnect_gbps) instead of --profiles." };
    public Option<string?> Factors { get; } = new("--roofline-factors") { Description = "Roofline efficiency factors (JSON from `dlsim llm roofline fit -o`), with --gpu or --gpu-spec. Default: the built-in factors fitted on the RTX4090 and RTXPRO6000 profiles." };

    public IEnumerable<Option> All => [Gpu, SpecFile, Factors];

    /// <summary>The GPU to time by the roofline model, or null when <paramref name="profiles"/> time the iterations. Refuses conflicting or missing flags.</summary>
    public GpuSpec? Load(ParseResult parse, Option<string> profiles)
    {
        string? name = parse.GetValue(Gpu), spec = parse.GetValue(SpecFile), factors = parse.GetValue(Factors);
        bool hasProfiles = parse.GetValue(profiles) is not null;
        if (name is not null && spec is not null) throw new InputException("--gpu", 0, "expected either --gpu or --gpu-spec, found both");
        if (hasProfiles && (name ?? spec) is not null)
            throw new InputException("--profiles", 0, $"expected either --profiles (measured timing) or {(name is null ? "--gpu-spec" : "--gpu")} (roofline timing), found both");
        if (hasProfiles && factors is not null) throw new InputException("--roofline-factors", 0, "expected --roofline-factors with --gpu or --gpu-spec (roofline timing), found it with --profiles");
        if (!hasProfiles && name is null && spec is null)
            throw new InputException("--profiles", 0, "expected --profiles (measured timing) or --gpu / --gpu-spec (roofline timing), found none");
        if (name is not null)
            return DlSim.Llm.GpuSpec.Find(name) ?? throw new InputException("--gpu", 0, $"expected a built-in GPU ({string.Join(", ", DlSim.Llm.GpuSpec.Known.Select(g => g.Name))}) or --gpu-spec FILE, found \"{name}\"");
        return spec is null ? null : GpuSpecFile.Read(spec);
    }

    /// <summary>Iteration timing by the roofline model on <paramref name="gpu"/> with the given (or built-in) factors.</summary>
    public IterationTiming Timing(ParseResult parse, LlmArchitecture model, int tp, GpuSpec gpu)
    {
        var factors = parse.GetValue(Factors) is string path ? RooflineFactorsFile.Read(path) : RooflineFactors.Default;
        return IterationTiming.FromRoofline(new RooflineTiming(new RooflineOperators(model, tp, gpu, factors)));
    }
}
