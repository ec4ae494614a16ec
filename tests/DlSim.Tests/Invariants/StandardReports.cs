using DlSim.Metrics;
using DlSim.Serving;
using Xunit;

namespace DlSim.Tests.Invariants;

/// <summary>
/// Runs a scenario with the standard observer, as a simulation reports it: either as is (completions of requests placed whole
/// reported at placement, with no event) or wrapped so it asks for completions in time order (one event per request).
/// </summary>
public static class StandardReports
{
    /// <summary>The standard observer, but asking for completions in time order: forces one completion event per request.</summary>
    public struct InTimeOrder(StandardObserver inner) : ISimulationObserver
    {
        public StandardObserver Inner = inner;
        public void OnStageScheduled(in StageRun run, ReadOnlySpan<int> requests) => Inner.OnStageScheduled(in run, requests);
        public void OnRequestCompleted(in RequestDone done) => Inner.OnRequestCompleted(in done);
        public void OnRequestDropped(int request, int model, double arrivalS, double nowS) => Inner.OnRequestDropped(request, model, arrivalS, nowS);
    }

    public static SimulationReport Run(InvariantScenario s, bool inTimeOrder)
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
        if (inTimeOrder)
        {
            var wrapped = new InTimeOrder(standard);
            engine.Run(s.Workload, ref wrapped);
            standard = wrapped.Inner;
        }
        else engine.Run(s.Workload, ref standard);
        return SimulationReports.Build(s.Deployment, standard, standard.Utilization.SpanS, 0);
    }

    /// <summary>Reports without completion events equal the evented ones: counts, busy times and percentiles exactly, the mean
    /// (a sum taken in another order) to 1e-12.</summary>
    public static void AssertElidedEqualsEvented(InvariantScenario s)
    {
        var elided = Run(s, inTimeOrder: false);
        var evented = Run(s, inTimeOrder: true);
        Assert.Equal(evented.Requests, elided.Requests);
        Assert.Equal(evented.Dropped, elided.Dropped);
        Assert.Equal(evented.StageRuns, elided.StageRuns);
        Assert.Equal(evented.Gpus, elided.Gpus);
        Assert.Equal(evented.SpanS, elided.SpanS);
        foreach (var (a, b) in evented.Models.Select(m => m.Latency).Prepend(evented.Overall)
                     .Zip(elided.Models.Select(m => m.Latency).Prepend(elided.Overall)))
        {
            Assert.Equal(a with { MeanS = 0 }, b with { MeanS = 0 });
            if (double.IsNaN(a.MeanS)) Assert.True(double.IsNaN(b.MeanS)); // a model with no completions
            else Assert.Equal(a.MeanS, b.MeanS, 1e-12 * Math.Max(1, Math.Abs(a.MeanS)));
        }
    }
}
