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
        Assert.Equal(1.250, v.Calibrated.MeanAbsErrorS * 1e3, 0.0005);
        Assert.Equal(1.070, v.Calibrated.Overall.Wasserstein1S * 1e3, 0.0005);
        Assert.Equal(-3.24, MeanDelta(v) * 100, 0.005);
        Assert.Equal(-14.80, (v.Calibrated.Latency.SimP99S / v.Calibrated.Latency.RealP99S - 1) * 100, 0.005);
    }

    /// <summary>
    /// The bound behind the miss above: fitted on the 50 Hz trace itself and scored on it, the deterministic model still misses
    /// mean abs error ≤ 1 ms, Wasserstein-1 ≤ 1 ms and mean latency within 2 %, so no calibration from any other trace can meet
    /// them there. The stall is the cause: the requests arriving in 52–54 s carry more than half of the absolute error.
    /// </summary>
    [Fact]
    public void Fitted_and_scored_on_the_50_Hz_trace_the_deterministic_targets_are_missed_in_sample_too()
    {
        var v = CrossValidation.On(CalibrationFitter.Fit([CrossLoadCases.At50]), [CrossLoadCases.At50], DispatchOverhead.Seed)[0];
        Assert.Equal(1.228, v.Calibrated.MeanAbsErrorS * 1e3, 0.0005);
        Assert.Equal(1.034, v.Calibrated.Overall.Wasserstein1S * 1e3, 0.0005);
        Assert.Equal(-2.89, MeanDelta(v) * 100, 0.005);
        Assert.True(v.Calibrated.MeanAbsErrorS > 1.0e-3 && Math.Abs(MeanDelta(v)) > 0.02);
    }

    /// <summary>
    /// Stochastic mode, 30 replications, seed 0, pauses drawn as fitted (docs/fidelity.md). Which real figure each 95 % band holds,
    /// per case (fit → validate): 30 → 50 Hz neither (the 30 Hz trace has no pause to learn from); 50 → 30 Hz the p99 only (the mean
    /// runs 0.9 % high); in sample at 30 Hz both; in sample at 50 Hz the mean only, its p99 band 16 % of its mean wide
    /// (a replication either draws a pause or does not).
    /// </summary>
    [Theory]
    [InlineData("30", "50", false, false, 0.028, 0.061)]
    [InlineData("50", "30", false, true, 0.021, 0.097)]
    [InlineData("30", "30", true, true, 0.030, 0.065)]
    [InlineData("50", "50", true, false, 0.041, 0.164)]
    public void Stochastic_bands_hold_the_real_figures_as_reported(string fitHz, string targetHz, bool meanInside, bool p99Inside, double meanWidth, double p99Width)
    {
        static CalibrationSource At(string hz) => hz == "30" ? CrossLoadCases.At30 : CrossLoadCases.At50;
        var target = At(targetHz);
        var timing = CalibratedTiming.For(CalibrationFitter.Fit([At(fitHz)]), target.Deployment);
        var report = StochasticComparison.Run(target.Deployment, target.Workload, target.Trace, new SimulationOptions(), timing, 30, seed: 0);

        Assert.Equal(meanInside, report.RealMeanInside);
        Assert.Equal(p99Inside, report.RealP99Inside);
        Assert.Equal(meanWidth, (report.LatencyMean.High - report.LatencyMean.Low) / report.LatencyMean.Mean, 0.0005);
        Assert.Equal(p99Width, (report.LatencyP99.High - report.LatencyP99.Low) / report.LatencyP99.Mean, 0.0005);
    }
}
