using CsCheck;
using DlSim.Formats.LlmModels;
using DlSim.Llm;
using Xunit;

namespace DlSim.Tests.Llm;

/// <summary>The roofline iteration times never beat the GPU's physics (<see cref="PhysicalBounds"/>), whatever the batch, with the built-in factors and with factors fitted on either GPU.</summary>
public class RooflinePhysicalLimitTests
{
    public static TheoryData<string, string> Cases()
    {
        var data = new TheoryData<string, string>();
        foreach (var gpu in GpuSpec.Known)
            foreach (string factors in new[] { "built-in", "RTX4090", "RTXPRO6000" }) data.Add(gpu.Name, factors);
        return data;
    }

    [Theory, MemberData(nameof(Cases))]
    public void No_iteration_beats_the_physical_bounds(string gpu, string fittedOn)
    {
        var model = HfModelConfig.Read(LlmTestData.ModelPath);
        var spec = GpuSpec.Find(gpu)!;
        var factors = fittedOn == "built-in" ? RooflineFactors.Default : RooflineTestData.FittedOn(fittedOn);
        var timings = new[] { 1, 2, 4 }.ToDictionary(tp => tp, tp => new RooflineTiming(new RooflineOperators(model, tp, spec, factors)));
        Gen.Select(Gen.Int[0, 2048], Gen.Int[0, 16384], Gen.Int[0, 256], Gen.Int[0, 16384], Gen.Int[0, 16384], Gen.Int[0, 2])
            .Where((chunk, _, n, _, _, _) => chunk + n > 0)
            .Sample((chunk, cached, n, lo, extra, tp) =>
            {
                double mean = n == 0 ? 0 : lo + extra / 2.0;
                var shape = new IterationShape(chunk + n, (chunk > 0 ? 1 : 0) + n, chunk, chunk > 0 ? cached : 0, n, mean, n == 0 ? 0 : lo + extra, n == 0 ? 0 : lo);
                return timings[1 << tp].Seconds(shape) >= PhysicalBounds.MinimumSeconds(model, 1 << tp, spec, shape);
            }, iter: 3000);
    }
}
