using DlSim.Serving;
using Xunit;

namespace DlSim.Tests.Invariants;

/// <summary>The checks of INVARIANTS.md on one recorded run, shared by the named scenarios and the random ones.</summary>
public static class InvariantChecks
{
    private const double Tolerance = 1e-9;

    /// <summary>1. Every arrival completes or is dropped, exactly once.</summary>
    public static void Conservation(InvariantScenario s, RecordingObserver record)
    {
        var seen = new int[s.Workload.Count];
        foreach (var c in record.Completions) seen[c.Request]++;
        foreach (var d in record.Drops) seen[d.Request]++;
        Assert.All(seen, count => Assert.Equal(1, count));
    }

    /// <summary>2. Stage 0 is received at arrival (or when its batch forms), later stages when the previous one ends; runs start after receipt and last.</summary>
    public static void Causality(InvariantScenario s, RecordingObserver record)
    {
        var lastEnd = new double[s.Workload.Count];
        var nextStage = new int[s.Workload.Count];
        bool batching = (s.Policy?.MaxBatch ?? 1) > 1;
        foreach (var (run, requests) in record.Stages.Zip(record.StageRequests))
            foreach (int request in requests)
            {
                Assert.Equal(nextStage[request], run.Stage);
                double arrival = s.Workload.ArrivalsS[request];
                if (run.Stage > 0) Assert.Equal(lastEnd[request], run.ReceivedS);
                else if (batching) Assert.True(arrival <= run.ReceivedS, $"request {request} batched before it arrived");
                else Assert.Equal(arrival, run.ReceivedS);
                Assert.True(run.ReceivedS <= run.StartS, $"request {request} stage {run.Stage} starts before receipt");
                Assert.True(run.StartS < run.EndS, $"request {request} stage {run.Stage} has no duration");
                lastEnd[request] = run.EndS;
                nextStage[request]++;
            }
        foreach (var c in record.Completions) Assert.Equal(lastEnd[c.Request], c.CompletionS);
    }

    /// <summary>3. No GPU runs two stages at once.</summary>
    public static void ExclusiveGpus(ServingLayout layout, RecordingObserver record)
    {
        foreach (var runs in RunsByGpu(layout, record))
        {
            var sorted = runs.OrderBy(r => r.StartS).ToList();
            for (int i = 1; i < sorted.Count; i++)
                Assert.True(sorted[i - 1].EndS <= sorted[i].StartS, $"overlap at {sorted[i].StartS}");
        }
    }

    /// <summary>4. Stages placed at the clock come in time order, and completions (to an observer that asks for order) too.</summary>
    public static void MonotoneClock(ServingLayout layout, RecordingObserver record)
    {
        // First stages, and every stage of a pipeline sharing GPUs, are placed at the clock; later stages of a pipeline
        // on GPUs of its own are placed ahead, when the request enters.
        var atClock = record.Stages.Where(s => s.Stage == 0 || !layout.ReplicaPlacedWhole[s.Replica]).ToList();
        for (int i = 1; i < atClock.Count; i++) Assert.True(atClock[i - 1].ReceivedS <= atClock[i].ReceivedS);
        for (int i = 1; i < record.Completions.Count; i++) Assert.True(record.Completions[i - 1].CompletionS <= record.Completions[i].CompletionS);
    }

    /// <summary>8. Every GPU starts stages in the order it received them.</summary>
    public static void FifoPerGpu(ServingLayout layout, RecordingObserver record)
    {
        foreach (var runs in RunsByGpu(layout, record))
            for (int i = 1; i < runs.Count; i++)
                Assert.True(runs[i - 1].StartS <= runs[i].StartS, $"stage received later started earlier at {runs[i].StartS}");
    }

    /// <summary>
    /// 11. A sender with a blocking hand-off ends no earlier than its next mesh is ready (the last run placed there before it,
    /// plus the hand-off), and otherwise at its own run's end; its next stage starts no earlier. Returns how many were held.
    /// </summary>
    public static int Handoff(InvariantScenario s, ServingLayout layout, RecordingObserver record)
    {
        var runs = record.Stages; // placement order: a sender sees the runs placed on the next mesh before it
        var lastEndOnGpu = new double[layout.GpuCount];
        var next = new Dictionary<(int Request, int Stage), StageRun>();
        foreach (var run in runs) next[(run.Request, run.Stage)] = run;
        int blocked = 0;
        foreach (var run in runs)
        {
            double handoff = layout.SlotHandoffS[run.Slot];
            bool sends = run.Stage + 1 < layout.ReplicaStageCount[run.Replica];
            if (sends && !double.IsNaN(handoff))
            {
                double ready = 0;
                foreach (int g in layout.GpusOf(run.Slot + 1)) ready = Math.Max(ready, lastEndOnGpu[g]);
                ready = ready > 0 ? ready + handoff : 0;
                Assert.True(run.EndS >= ready - Tolerance, $"request {run.Request} stage {run.Stage} handed over at {run.EndS}, before its receiver was ready at {ready}");
                if (run.EndS > ready + Tolerance) Assert.True(IsOwnRunEnd(s, layout, run), $"request {run.Request} stage {run.Stage} held for no reason");
                else blocked++;
                if (next.TryGetValue((run.Request, run.Stage + 1), out var received)) Assert.True(received.StartS >= run.EndS - Tolerance);
            }
            else if (s.StochasticSeed is null && s.Timing is null)
                Assert.Equal(run.StartS + layout.LatencyOf(run.Slot, run.BatchSize), run.EndS, Tolerance);
            foreach (int g in layout.GpusOf(run.Slot)) lastEndOnGpu[g] = Math.Max(lastEndOnGpu[g], run.EndS);
        }
        return blocked;
    }

    /// <summary>Deterministic runs only: the end is the start plus the slot's (queued) run time. Drawn times are not known here.</summary>
    private static bool IsOwnRunEnd(InvariantScenario s, ServingLayout layout, in StageRun run)
    {
        if (s.StochasticSeed is not null) return true;
        double latency = layout.LatencyOf(run.Slot, run.BatchSize);
        return Math.Abs(run.EndS - (run.StartS + latency)) <= Tolerance || Math.Abs(run.EndS - (run.StartS + latency * layout.SlotBusyScale[run.Slot])) <= Tolerance;
    }

    /// <summary>Runs of each GPU in the order the GPU received them.</summary>
    public static List<List<StageRun>> RunsByGpu(ServingLayout layout, RecordingObserver record)
    {
        var byGpu = Enumerable.Range(0, layout.GpuCount).Select(_ => new List<StageRun>()).ToList();
        foreach (var run in record.Stages)
            foreach (int gpu in layout.GpusOf(run.Slot)) byGpu[gpu].Add(run);
        return byGpu;
    }
}
