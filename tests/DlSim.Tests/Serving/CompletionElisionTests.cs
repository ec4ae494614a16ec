using DlSim.Metrics;
using DlSim.Serving;
using DlSim.Tests.Invariants;
using Xunit;

namespace DlSim.Tests.Serving;

/// <summary>
/// A request placed whole is reported complete when its last stage is placed, with no completion event, when the
/// observer takes completions in any order and nothing waits for them. The results must be those of the evented run.
/// </summary>
public class CompletionElisionTests
{
    /// <summary>The standard observer, but asking for completions in time order: forces one event per request.</summary>
    private struct InTimeOrder(StandardObserver inner) : ISimulationObserver
    {
        public StandardObserver Inner = inner;
        public void OnStageScheduled(in StageRun run, ReadOnlySpan<int> requests) => Inner.OnStageScheduled(in run, requests);
        public void OnRequestCompleted(in RequestDone done) => Inner.OnRequestCompleted(in done);
        public void OnRequestDropped(int request, int model, double arrivalS, double nowS) => Inner.OnRequestDropped(request, model, arrivalS, nowS);
    }

    private static bool NeedsOrder<T>() where T : struct, ISimulationObserver => T.NeedsCompletionOrder;

    [Fact]
    public void The_standard_observer_takes_completions_in_any_order_and_the_recording_one_does_not() 
    {
        Assert.False(NeedsOrder<StandardObserver>());
        Assert.True(NeedsOrder<InTimeOrder>());
        Assert.True(NeedsOrder<RecordingObserver>());
    }

    public static TheoryData<string> Names() => new(Scenarios.All().Select(s => s.Name));

    [Theory, MemberData(nameof(Names))]
    public void Reports_without_completion_events_equal_the_evented_ones(string name)
    {
        var s = Scenarios.All().First(x => x.Name == name);
        var elided = Run(s, inOrder: false);
        var evented = Run(s, inOrder: true);

        Assert.Equal(evented.Requests, elided.Requests);
        Assert.Equal(evented.Dropped, elided.Dropped);
        Assert.Equal(evented.StageRuns, elided.StageRuns);
        Assert.Equal(evented.Gpus, elided.Gpus);
        Assert.Equal(evented.SpanS, elided.SpanS);
        foreach (var (a, b) in evented.Models.Select(m => m.Latency).Prepend(evented.Overall)
                     .Zip(elided.Models.Select(m => m.Latency).Prepend(elided.Overall)))
        {
            // Percentiles, max and counts are exact; the mean is a sum taken in another order.
            Assert.Equal(a with { MeanS = 0 }, b with { MeanS = 0 });
            Assert.Equal(a.MeanS, b.MeanS, 1e-12 * Math.Max(1, Math.Abs(a.MeanS)));
        }
    }

    private static SimulationReport Run(InvariantScenario s, bool inOrder)
    {
        var policy = s.Policy ?? new ServingPolicy();
        var layout = new ServingLayout(s.Deployment, s.Overhead, policy.MaxBatch, s.Timing);
        var sampler = s.StochasticSeed is ulong seed ? new StageSampler(layout, seed) : null;
        var standard = new StandardObserver
        {
            Latencies = new LatencyRecorder(s.Workload.Header.SlosS, new ExactValueBudget(1 << 24), layout.ReplicaCount,
                double.NegativeInfinity, double.PositiveInfinity),
            Utilization = new UtilizationRecorder(layout),
        };
        var engine = new ServingEngine(layout, null, policy, s.Workload.Header.SlosS, sampler);
        if (inOrder)
        {
            var wrapped = new InTimeOrder(standard);
            engine.Run(s.Workload, ref wrapped);
            standard = wrapped.Inner;
        }
        else engine.Run(s.Workload, ref standard);
        return SimulationReports.Build(s.Deployment, standard, standard.Utilization.SpanS, 0);
    }
}
