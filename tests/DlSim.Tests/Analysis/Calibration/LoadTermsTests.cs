using DlSim.Analysis.Calibration;
using DlSim.Serving;
using Xunit;

namespace DlSim.Tests.Analysis.Calibration;

/// <summary>
/// The load-dependent figures calibration fits from the 125M inter-op traces (docs/fidelity.md): the freed gap, kept because it
/// improves validation on the other load in both directions, and pauses.
/// </summary>
public class LoadTermsTests
{
    private static readonly Lazy<TimingCalibration> Fit30 = new(() => CalibrationFitter.Fit([CrossLoadCases.At30]));
    private static readonly Lazy<TimingCalibration> Fit50 = new(() => CalibrationFitter.Fit([CrossLoadCases.At50]));

    private static StageCalibration Stage(bool at50, int stage) => (at50 ? Fit50 : Fit30).Value.Executables.Single().Stages[stage];

    private static TimingCalibration WithoutFreedGap(TimingCalibration c) =>
        c with { Executables = [.. c.Executables.Select(e => e with { Stages = [.. e.Stages.Select(s => s with { FreedGapS = double.NaN })] })] };

    [Theory]
    [InlineData(false, 2.605, 84)]
    [InlineData(true, 2.628, 166)]
    public void First_stages_received_just_after_their_mesh_freed_wait_out_about_the_busy_gap(bool at50, double freedGapMs, int samples)
    {
        var first = Stage(at50, 0);
        Assert.Equal(freedGapMs, first.FreedGapS * 1e3, 0.0005);
        Assert.Equal(samples, first.Counts!.FreedGapSamples);
        Assert.InRange(first.FreedGapS - first.BusyGapS, 0, 0.1e-3);
        // A second stage is handed over only when its mesh is ready (blocking hand-off): none is received just after it freed.
        Assert.True(double.IsNaN(Stage(at50, 1).FreedGapS));
    }

    /// <summary>Before/after (ms, held out): 30 → 50 Hz 1.270 → 1.250, 50 → 30 Hz 0.428 → 0.421; latency unchanged (the sender is held anyway).</summary>
    [Theory]
    [InlineData(true, 1.270, 1.250)]
    [InlineData(false, 0.428, 0.421)]
    public void The_freed_gap_lowers_the_held_out_error_in_both_directions(bool up, double beforeMs, double afterMs)
    {
        var (fit, target) = up ? (Fit30.Value, CrossLoadCases.At50) : (Fit50.Value, CrossLoadCases.At30);
        var after = CrossValidation.On(fit, [target], DispatchOverhead.Seed)[0].Calibrated;
        var before = CrossValidation.On(WithoutFreedGap(fit), [target], DispatchOverhead.Seed)[0].Calibrated;

        Assert.Equal(beforeMs, before.MeanAbsErrorS * 1e3, 0.0005);
        Assert.Equal(afterMs, after.MeanAbsErrorS * 1e3, 0.0005);
        Assert.True(after.FractionWithin10Ms >= before.FractionWithin10Ms);
        Assert.True(after.Overall.Wasserstein1S <= before.Overall.Wasserstein1S + 1e-6);
    }

    [Fact]
    public void The_50_Hz_trace_has_one_71_ms_pause_of_its_first_stage_and_the_30_Hz_trace_none()
    {
        var first = Stage(true, 0);
        Assert.Equal(71.15, Assert.Single(first.PauseDurationsS) * 1e3, 0.005);
        Assert.Equal(1.0 / first.Counts!.Runs, first.PauseProbability, 1e-6);
        Assert.Equal(1, first.Counts.Pauses);
        Assert.Empty(Stage(true, 1).PauseDurationsS);
        Assert.All(Fit30.Value.Executables.Single().Stages, s => Assert.Equal(0, s.PauseProbability));
    }
}
