using DlSim.Serving;
using DlSim.Tests.Invariants;
using DlSim.Workloads;
using Xunit;
using static DlSim.Tests.Serving.PolicyHarness;

namespace DlSim.Tests.Serving;

/// <summary>
/// Blocking hand-off: with fitted timings a pipeline stage passes its output on only when the next stage's mesh is ready
/// (its last run's end + busy gap − idle delay) and holds its own mesh until then.
/// </summary>
public class BlockingHandoffTests
{
    private const double Exact = 1e-12;

    /// <summary>A fast sender (4 ms, gap 1 ms) feeding a slow receiver (10 ms, gap 3 ms, idle delay 0.5 ms).</summary>
    private sealed class FastSenderSlowReceiver(bool blocking) : IStageTimingModel
    {
        public StageTiming? For(string executable, int stage) => stage == 0
            ? new StageTiming(0.004, 0.001, 0, BlockingHandoff: blocking)
            : new StageTiming(0.010, 0.003, 0.0005, BlockingHandoff: blocking);
    }

    private static List<(int Request, int Stage, double StartS, double EndS)> Run(bool blocking, Workload w, out RecordingObserver record)
    {
        var layout = new ServingLayout(Deploy(1, "M_2stage"), DispatchOverhead.None, timing: new FastSenderSlowReceiver(blocking));
        record = RecordingObserver.Create();
        new ServingEngine(layout).Run(w, ref record);
        return [.. record.Stages.Select(s => (s.Request, s.Stage, s.StartS, s.EndS)).Order()];
    }

    private static Workload Burst(int requests) =>
        new(new WorkloadHeader(1, requests, [1.0], 1, [10.0], "burst"), new int[requests], new double[requests]);

    [Fact]
    public void A_sender_ends_when_the_receiver_is_ready_and_the_receiver_starts_as_before()
    {
        // Three requests at t = 0, worked by hand (ms):
        //   r0: stage 0 0–4 (the receiver never ran); stage 1 starts 4 + 0.5, ends 14.5.
        //   r1: stage 0 starts 4 + 1 = 5, would end 9, but the receiver is ready at 14.5 + (3 − 0.5) = 17; stage 1 17.5–27.5.
        //   r2: stage 0 starts 17 + 1 = 18, ready at 27.5 + 2.5 = 30; stage 1 30.5–40.5.
        var blocking = Run(true, Burst(3), out var withHandoff);
        double[][] expected = [[0, 4, 4.5, 14.5], [5, 17, 17.5, 27.5], [18, 30, 30.5, 40.5]];
        for (int r = 0; r < 3; r++)
        {
            var (_, _, s0, e0) = blocking[2 * r];
            var (_, _, s1, e1) = blocking[2 * r + 1];
            Assert.Equal(expected[r], [s0 * 1e3, e0 * 1e3, s1 * 1e3, e1 * 1e3], (a, b) => Math.Abs(a - b) < 1e-9);
        }

        // Immediate hand-off: the same receiver starts and completions, but the sender frees its mesh at its natural end.
        var immediate = Run(false, Burst(3), out var withoutHandoff);
        Assert.Equal(withoutHandoff.Completions, withHandoff.Completions);
        Assert.Equal(blocking.Where(s => s.Stage == 1), immediate.Where(s => s.Stage == 1));
        Assert.Equal(0.009, immediate[2].EndS, Exact);
        Assert.Equal(0.010, immediate[4].StartS, Exact);
    }

    [Fact]
    public void Under_load_a_senders_end_is_its_natural_end_or_the_receivers_ready_time()
    {
        var w = Poisson(60, 20_000, seed: 5); // the receiver serves one request per 13 ms when busy: ρ ≈ 0.8
        var stages = Run(true, w, out var record);
        int blocked = 0;
        double receiverFree = 0;
        // One replica, FIFO: requests run in arrival order on both meshes; `stages` is sorted by (request, stage).
        for (int i = 0; i < stages.Count; i += 2)
        {
            var (_, _, start, end) = stages[i];
            double natural = start + 0.004, ready = receiverFree > 0 ? receiverFree + 0.0025 : 0;
            Assert.Equal(Math.Max(natural, ready), end, 1e-9);
            if (ready > natural) blocked++;
            receiverFree = stages[i + 1].EndS;
        }
        Assert.InRange(blocked, 2_000, 18_000); // many senders wait, not all
        Assert.Equal(w.Count * 2, stages.Count);
    }

    [Fact]
    public void Slo_admission_predicts_the_hand_off_so_no_admitted_request_misses_its_slo()
    {
        var w = Poisson(160, 50_000, sloS: 0.03, seed: 21); // overloaded receiver: ρ ≈ 2.1
        var layout = new ServingLayout(Deploy(1, "M_2stage"), DispatchOverhead.None, timing: new FastSenderSlowReceiver(true));
        var record = RecordingObserver.Create();
        new ServingEngine(layout, null, new ServingPolicy { Admission = AdmissionPolicy.Slo }, w.Header.SlosS).Run(w, ref record);

        Assert.NotEmpty(record.Drops);
        Assert.All(record.Completions, c => Assert.True(c.CompletionS - c.ArrivalS <= 0.03 + 1e-12, $"request {c.Request} missed its SLO"));
    }
}
