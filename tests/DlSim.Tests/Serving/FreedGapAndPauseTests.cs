using DlSim.Serving;
using DlSim.Tests.Invariants;
using DlSim.Workloads;
using Xunit;
using static DlSim.Tests.Serving.PolicyHarness;

namespace DlSim.Tests.Serving;

/// <summary>
/// Fitted start rules beyond the seed's: a run received shortly after its mesh freed waits out the freed gap, and in stochastic
/// mode a pause may hold a mesh before a run starts.
/// </summary>
public class FreedGapAndPauseTests
{
    private const double Exact = 1e-12;

    /// <summary>One 10 ms stage, busy gap 3 ms, idle delay 0.5 ms, freed gap <paramref name="freedGapS"/>, pauses as given.</summary>
    private sealed class Timing(double? freedGapS, double pauseP = 0, double[]? pauses = null) : IStageTimingModel
    {
        public StageTiming? For(string executable, int stage) =>
            new(0.010, 0.003, 0.0005, new StageDistribution(0, PauseProbability: pauseP, PauseDurationsS: pauses), FreedGapS: freedGapS);
    }

    private static Workload At(params double[] arrivalsS) =>
        new(new WorkloadHeader(1, arrivalsS.Length, [1.0], 1, [10.0], "hand"), new int[arrivalsS.Length], arrivalsS);

    private static double[] Starts(IStageTimingModel timing, Workload w)
    {
        var layout = new ServingLayout(Deploy(1), DispatchOverhead.None, timing: timing);
        var record = RecordingObserver.Create();
        new ServingEngine(layout).Run(w, ref record);
        return [.. record.Stages.OrderBy(s => s.Request).Select(s => s.StartS)];
    }

    [Fact]
    public void A_run_received_within_the_freed_gap_of_its_mesh_freeing_starts_that_gap_after()
    {
        // r0 at 0: 0.5–10.5 ms. r1 at 11 ms (0.5 ms after the mesh freed): max(11 + 0.5, 10.5 + 2.6) = 13.1 ms.
        // r2 at 40 ms (the mesh freed at 23.1 ms, long ago): 40.5 ms as without the rule.
        var with = Starts(new Timing(0.0026), At(0, 0.011, 0.040));
        Assert.Equal([0.0005, 0.0131, 0.0405], with, (a, b) => Math.Abs(a - b) < Exact);

        var without = Starts(new Timing(null), At(0, 0.011, 0.040));
        Assert.Equal([0.0005, 0.0115, 0.0405], without, (a, b) => Math.Abs(a - b) < Exact);
    }

    [Fact]
    public void A_pause_holds_the_mesh_in_stochastic_mode_only()
    {
        var timing = new Timing(null, pauseP: 1, pauses: [0.070]);
        // Every run waits 70 ms more before it starts; the second, queued behind the first, starts 3 ms after it ends, then 70 ms more.
        Assert.Equal([0.0705, 0.1535], StochasticStarts(timing), (a, b) => Math.Abs(a - b) < Exact);
        Assert.Equal([0.0005, 0.0135], Starts(timing, At(0, 0.001)), (a, b) => Math.Abs(a - b) < Exact);
    }

    private static double[] StochasticStarts(IStageTimingModel timing)
    {
        var layout = new ServingLayout(Deploy(1), DispatchOverhead.None, timing: timing);
        var record = RecordingObserver.Create();
        new ServingEngine(layout, sampler: new StageSampler(layout, 7)).Run(At(0, 0.001), ref record);
        return [.. record.Stages.OrderBy(s => s.Request).Select(s => s.StartS)];
    }

    [Fact]
    public void Pauses_are_drawn_at_their_probability_and_the_same_per_seed()
    {
        var timing = new Timing(null, pauseP: 0.25, pauses: [0.050, 0.100]);
        var layout = new ServingLayout(Deploy(1), DispatchOverhead.None, timing: timing);
        var a = new StageSampler(layout, 11);
        var b = new StageSampler(layout, 11);
        var draws = Enumerable.Range(0, 20000).Select(_ => a.DrawPause(0)).ToArray();

        Assert.Equal(draws, Enumerable.Range(0, 20000).Select(_ => b.DrawPause(0)));
        Assert.InRange(draws.Count(d => d > 0) / 20000.0, 0.24, 0.26);
        Assert.All(draws, d => Assert.Contains(d, new[] { 0, 0.050, 0.100 }));
        Assert.InRange(draws.Count(d => d == 0.100) / (double)draws.Count(d => d > 0), 0.47, 0.53);
    }
}
