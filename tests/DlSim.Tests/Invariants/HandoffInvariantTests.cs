using DlSim.Serving;
using Xunit;

namespace DlSim.Tests.Invariants;

/// <summary>INVARIANTS.md 11 on every scenario: calibrated ones hand over blocking, the others immediately.</summary>
public class HandoffInvariantTests
{
    private const double Tolerance = 1e-9;

    public static TheoryData<string> Names() => new(Scenarios.All().Select(s => s.Name));

    [Theory, MemberData(nameof(Names))]
    public void I11_a_sender_ends_when_its_run_is_done_or_when_the_next_mesh_is_ready_whichever_is_later(string name)
    {
        var s = Scenarios.All().First(x => x.Name == name);
        var (layout, record) = s.Run();
        // Runs in placement order: a sender sees the runs placed on the next mesh before it.
        var runs = record.Stages;
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
                Assert.True(next[(run.Request, run.Stage + 1)].StartS >= run.EndS - Tolerance);
            }
            else if (s.StochasticSeed is null && s.Timing is null)
                Assert.Equal(run.StartS + layout.LatencyOf(run.Slot, run.BatchSize), run.EndS, Tolerance);
            foreach (int g in layout.GpusOf(run.Slot)) lastEndOnGpu[g] = Math.Max(lastEndOnGpu[g], run.EndS);
        }
        if (name.Contains("interop") && s.Timing is not null) Assert.True(blocked > 0, "the reference pipelines block under load");
    }

    /// <summary>Deterministic runs only: the end is the start plus the slot's (queued) run time. Drawn times are not known here.</summary>
    private static bool IsOwnRunEnd(InvariantScenario s, ServingLayout layout, in StageRun run)
    {
        if (s.StochasticSeed is not null) return true;
        double latency = layout.LatencyOf(run.Slot, run.BatchSize);
        return Math.Abs(run.EndS - (run.StartS + latency)) <= Tolerance || Math.Abs(run.EndS - (run.StartS + latency * layout.SlotBusyScale[run.Slot])) <= Tolerance;
    }
}
