using Xunit;
using DlSim.Analysis.Calibration;
using DlSim.Formats.Profiles;
using DlSim.Model;
using DlSim.Runs;
using DlSim.Serving;
using DlSim.Tests.Parity;

namespace DlSim.Tests.Analysis.Calibration;

/// <summary>Stochastic mode: bands over 30 replications hold the real latency, and results do not depend on the cores.</summary>
public class StochasticModeTests
{
    private const int Replications = 30;

    public static TheoryData<int> Rows() => new(CalibrationCases.TraceRows);

    [Theory]
    [MemberData(nameof(Rows))]
    public void The_real_mean_latency_lies_inside_the_band(int row) =>
        Assert.True(CalibrationCases.Stochastic(row, CalibrationCases.All, Replications).RealMeanInside);

    /// <summary>Met on four traces; on interop the real p99 (290.37 ms) lies 0.68 ms above the band [287.46, 289.69] (docs/calibration.md, "Fidelity").</summary>
    [Theory]
    [InlineData(0), InlineData(2), InlineData(3), InlineData(4)]
    public void The_real_p99_latency_lies_inside_the_band(int row) =>
        Assert.True(CalibrationCases.Stochastic(row, CalibrationCases.All, Replications).RealP99Inside);

    /// <summary>
    /// Held out, an executable runs at its profile latency, so its bands carry the profiles' measured error (profile_bias_sigma):
    /// the real mean and p99 then lie inside on four traces (125M interop: the borrowed hand-off gap is 0.5 ms too long, which
    /// a spread of run times does not cover).
    /// </summary>
    [Theory]
    [InlineData(0), InlineData(1), InlineData(2), InlineData(4)]
    public void Held_out_the_real_mean_and_p99_lie_inside_the_bands(int row)
    {
        var report = CalibrationCases.Stochastic(row, CalibrationCases.AllBut(row), Replications);
        Assert.True(report.RealMeanInside);
        Assert.True(report.RealP99Inside);
    }

    [Fact]
    public void Bands_do_not_depend_on_how_many_cores_ran_the_replications()
    {
        var serial = CalibrationCases.Stochastic(3, CalibrationCases.All, 8, seed: 7, maxParallel: 1);
        var parallel = CalibrationCases.Stochastic(3, CalibrationCases.All, 8, seed: 7);

        Assert.Equal(serial.Bands, parallel.Bands);
        Assert.NotEqual(serial.Bands, CalibrationCases.Stochastic(3, CalibrationCases.All, 8, seed: 8).Bands);
    }

    [Fact]
    public void Without_spread_every_replication_is_the_deterministic_calibrated_run()
    {
        var flat = CalibrationCases.All with
        {
            Executables = [.. CalibrationCases.All.Executables.Select(e => e with
                { Stages = [.. e.Stages.Select(s => s with { LogSigma = 0, LevelSigma = 0, StragglerProbability = 0 })] })],
        };
        var band = CalibrationCases.Stochastic(1, flat, 4).LatencyP99;
        double deterministic = CalibrationCases.Compare(1, flat).Latency.SimP99S;

        Assert.Equal(deterministic, band.Low);
        Assert.Equal(deterministic, band.High);
    }

    [Fact]
    public void Replication_seeds_are_derived_deterministically_and_differ()
    {
        Assert.Equal(DlSim.Runs.Replications.Seeds(5, 30), DlSim.Runs.Replications.Seeds(5, 30));
        Assert.Equal(30, DlSim.Runs.Replications.Seeds(5, 30).Distinct().Count());
        Assert.Equal(DlSim.Runs.Replications.Seeds(5, 3), DlSim.Runs.Replications.Seeds(5, 30)[..3]);
    }
}

/// <summary>Seed mode is untouched by the calibration hooks: a calibration that states the seed's own figures reproduces the parity table.</summary>
public class SeedEquivalentCalibrationTests
{
    public static TheoryData<int> Rows() => new(Enumerable.Range(0, ParityCase.All.Length));

    /// <summary>Catalog latencies, the seed's 3 ms / 4 ms as the busy gap, no idle delay, no busy slowdown.</summary>
    private sealed class SeedFigures : IStageTimingModel
    {
        public StageTiming? For(string executable, int stage)
        {
            var e = DlSim.Formats.Profiles.BuiltInProfiles.Catalog.Executables.First(x => x.Name == executable);
            return new StageTiming(e.Stages[stage].LatencyS, DispatchOverhead.Seed.For(e.StageCount), 0);
        }
    }

    [Theory]
    [MemberData(nameof(Rows))]
    public void Reproduces_the_original_tools_latency_figures(int row)
    {
        var c = ParityCase.All[row];
        var report = c.Simulate(new SimulationOptions { Timing = new SeedFigures() }).Report;

        Assert.Equal(c.Mean, report.Overall.MeanS, 1e-6);
        Assert.Equal(c.P99, report.Overall.P99S, 1e-6);
        Assert.Equal(c.Model0P99, report.Models[0].Latency.P99S, 1e-6);
        Assert.Equal(c.Model1P99, report.Models[1].Latency.P99S, 1e-6);
    }
}
