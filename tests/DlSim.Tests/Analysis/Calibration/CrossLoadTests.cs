using DlSim.Analysis.Calibration;
using DlSim.Runs;
using DlSim.Serving;
using Xunit;

namespace DlSim.Tests.Analysis.Calibration;

/// <summary>
/// Fidelity across load (docs/fidelity.md): calibrate on the 125M inter-op trace at one rate, validate on the other. The targets
/// are mean abs error ≤ 1.0 ms, ≥ 98.8 % of events within 10 ms, Wasserstein-1 ≤ 1 ms, mean latency within 2 %, and on every
/// held-out case no worse than the original tool's model in mean abs error and events within 10 ms. Targets met are asserted;
/// the ones missed (30 Hz → 50 Hz) are pinned to the figures the documentation reports, so a change to them is seen.
/// </summary>
public class CrossLoadTests
{
    private static readonly Lazy<ValidationResult> Up = new(() => CrossValidation.On(CalibrationFitter.Fit([CrossLoadCases.At30]), [CrossLoadCases.At50], DispatchOverhead.Seed)[0]);
    private static readonly Lazy<ValidationResult> Down = new(() => CrossValidation.On(CalibrationFitter.Fit([CrossLoadCases.At50]), [CrossLoadCases.At30], DispatchOverhead.Seed)[0]);

    private static ValidationResult Direction(bool up) => up ? Up.Value : Down.Value;

    private static double MeanDelta(ValidationResult v) => (v.Calibrated.Latency.SimMeanS - v.Calibrated.Latency.RealMeanS) / v.Calibrated.Latency.RealMeanS;

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Held_out_the_calibration_is_no_worse_than_the_original_tools_model(bool up)
    {
        var v = Direction(up);
        Assert.True(v.Calibrated.MeanAbsErrorS <= v.Seed.MeanAbsErrorS, $"{v.Calibrated.MeanAbsErrorS} vs seed {v.Seed.MeanAbsErrorS}");
        Assert.True(v.Calibrated.FractionWithin10Ms >= v.Seed.FractionWithin10Ms);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void At_least_98_8_percent_of_events_are_within_10_ms_in_both_directions(bool up) =>
        Assert.True(Direction(up).Calibrated.FractionWithin10Ms >= 0.988);

    [Fact]
    public void Fitted_at_50_Hz_validated_at_30_Hz_meets_every_deterministic_target()
    {
        var v = Down.Value;
        Assert.True(v.Calibrated.MeanAbsErrorS <= 1.0e-3);
        Assert.True(v.Calibrated.Overall.Wasserstein1S <= 1.0e-3);
        Assert.True(Math.Abs(MeanDelta(v)) <= 0.02);
    }

    /// <summary>
    /// Missed: the 50 Hz trace's one 71 ms start stall at 53.5 s delays ~40 requests (about 0.65 ms of the mean abs error, two
    /// thirds of the mean latency shortfall); a deterministic model cannot place it. Pinned (ms to 3 decimals, % to 2).
    /// </summary>
    [Fact]
    public void Fitted_at_30_Hz_validated_at_50_Hz_misses_error_distance_and_mean_by_the_reported_figures()
    {
        var v = Up.Value;
        Assert.Equal(1.270, v.Calibrated.MeanAbsErrorS * 1e3, 0.0005);
        Assert.Equal(1.070, v.Calibrated.Overall.Wasserstein1S * 1e3, 0.0005);
        Assert.Equal(-3.24, MeanDelta(v) * 100, 0.005);
        Assert.Equal(-14.80, (v.Calibrated.Latency.SimP99S / v.Calibrated.Latency.RealP99S - 1) * 100, 0.005);
    }

    /// <summary>Missed: with 30 replications neither direction's bands hold the real mean (run-time spread alone is too narrow).</summary>
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Stochastic_bands_across_load_do_not_yet_hold_the_real_mean(bool up)
    {
        var (fit, target) = up ? (CrossLoadCases.At30, CrossLoadCases.At50) : (CrossLoadCases.At50, CrossLoadCases.At30);
        var timing = CalibratedTiming.For(CalibrationFitter.Fit([fit]), target.Deployment);
        var report = StochasticComparison.Run(target.Deployment, target.Workload, target.Trace, new SimulationOptions(), timing, 30, seed: 0);

        Assert.False(report.RealMeanInside);
        Assert.False(report.RealP99Inside);
        Assert.True(report.LatencyMean.High - report.LatencyMean.Low < 0.10 * report.LatencyMean.Mean);
    }
}
