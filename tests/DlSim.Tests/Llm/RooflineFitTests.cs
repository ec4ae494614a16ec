using DlSim.Llm;
using Xunit;

namespace DlSim.Tests.Llm;

/// <summary>The roofline fit: factors inside their ranges, the same factors every time, and the built-in ones are what the fit gives.</summary>
public class RooflineFitTests
{
    public static TheoryData<string> Gpus() => new(GpuSpec.Known.Select(g => g.Name));

    private static void InRange(RooflineFactors f)
    {
        for (int i = 0; i < f.Values.Count; i++)
        {
            var p = RooflineFactors.Parameters[i];
            if (p.IsEfficiency) Assert.True(f[i] > 0 && f[i] <= 1, $"{p.Name} = {f[i]}");
            else Assert.True(f[i] >= 0 && f[i] <= RooflineFactors.MaxOverheadUs, $"{p.Name} = {f[i]}");
        }
    }

    [Fact]
    public void The_built_in_factors_are_the_fit_on_both_reference_gpus()
    {
        var fitted = RooflineFit.Fit([.. GpuSpec.Known.Select(g => RooflineTestData.Profiled(g.Name))]);
        InRange(fitted);
        Assert.Equal(RooflineFactors.Default.Values, fitted.Values);
    }

    [Theory, MemberData(nameof(Gpus))]
    public void Factors_fitted_on_one_gpu_are_in_range_and_the_same_on_a_second_fit(string gpu)
    {
        var once = RooflineTestData.FittedOn(gpu);
        InRange(once);
        Assert.Equal(once, RooflineFit.Fit([RooflineTestData.Profiled(gpu)]));
    }

    [Fact]
    public void Factors_out_of_range_are_refused()
    {
        var values = RooflineFactors.Default.Values.ToArray();
        values[0] = 1.2;
        Assert.Throws<ArgumentException>(() => new RooflineFactors(values));
        values[0] = 0.5;
        values[2] = -1;
        Assert.Throws<ArgumentException>(() => new RooflineFactors(values));
    }

    [Theory, MemberData(nameof(Gpus))]
    public void Fitting_on_a_gpu_fits_it_better_than_the_other_gpu_does(string gpu)
    {
        // A fit that failed to minimise (or an objective that ignored the data) would not tell the GPUs apart.
        var profiled = RooflineTestData.Profiled(gpu);
        double Mean(RooflineFactors f) => RooflineErrors.ByIterationKind(profiled, f).Average(r => r.MeanAbs);
        Assert.True(Mean(RooflineTestData.FittedOn(gpu)) < Mean(RooflineTestData.FittedOn(RooflineTestData.Other(gpu))));
    }
}
