using DlSim.Metrics;
using DlSim.Runs;
using DlSim.Serving;
using Xunit;

namespace DlSim.Tests.Invariants;

/// <summary>INVARIANTS.md 1–4, 8 and 10 on every reference input and on synthetic mixes (11: HandoffInvariantTests).</summary>
public class InvariantTests
{
    public static TheoryData<string> Names() => new(Scenarios.All().Select(s => s.Name));

    private static InvariantScenario Get(string name) => Scenarios.All().First(s => s.Name == name);

    [Theory, MemberData(nameof(Names))]
    public void I1_every_arrival_completes_or_is_dropped_exactly_once(string name)
    {
        var s = Get(name);
        var (_, record) = s.Run();
        var seen = new int[s.Workload.Count];
        foreach (var c in record.Completions) seen[c.Request]++;
        foreach (var d in record.Drops) seen[d.Request]++;
        Assert.All(seen, count => Assert.Equal(1, count));
    }

    [Theory, MemberData(nameof(Names))]
    public void I2_stages_follow_arrival_and_each_other(string name)
    {
        var s = Get(name);
        var (layout, record) = s.Run();
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
        _ = layout;
    }

    [Theory, MemberData(nameof(Names))]
    public void I3_no_gpu_runs_two_stages_at_once(string name)
    {
        var (layout, record) = Get(name).Run();
        foreach (var runs in RunsByGpu(layout, record))
        {
            var sorted = runs.OrderBy(r => r.StartS).ToList();
            for (int i = 1; i < sorted.Count; i++)
                Assert.True(sorted[i - 1].EndS <= sorted[i].StartS, $"overlap at {sorted[i].StartS}");
        }
    }

    [Theory, MemberData(nameof(Names))]
    public void I4_the_clock_never_goes_back(string name)
    {
        var (layout, record) = Get(name).Run();
        // Stages placed at the clock (first stages, and every stage of a pipeline sharing GPUs) come in time order;
        // later stages of a pipeline on GPUs of its own are placed ahead, when the request enters.
        var atClock = record.Stages.Where(s => s.Stage == 0 || !layout.ReplicaPlacedWhole[s.Replica]).ToList();
        for (int i = 1; i < atClock.Count; i++) Assert.True(atClock[i - 1].ReceivedS <= atClock[i].ReceivedS);
        for (int i = 1; i < record.Completions.Count; i++) Assert.True(record.Completions[i - 1].CompletionS <= record.Completions[i].CompletionS);
    }

    [Theory, MemberData(nameof(Names))]
    public void I8_each_gpu_starts_stages_in_the_order_it_received_them(string name)
    {
        var (layout, record) = Get(name).Run();
        foreach (var runs in RunsByGpu(layout, record))
            for (int i = 1; i < runs.Count; i++)
                Assert.True(runs[i - 1].StartS <= runs[i].StartS, $"stage received later started earlier at {runs[i].StartS}");
    }

    [Theory, MemberData(nameof(Names))]
    public void I10_latency_statistics_agree_with_stage_records(string name)
    {
        var s = Get(name);
        var (_, record) = s.Run();
        var report = Simulation.Run(s.Deployment, s.Workload, new SimulationOptions
        { Overhead = s.Overhead, Policy = s.Policy ?? new(), Timing = s.Timing, StochasticSeed = s.StochasticSeed }).Report;
        var latencies = record.Completions.Select(c => c.CompletionS - s.Workload.ArrivalsS[c.Request]).Order().ToArray();
        if (latencies.Length == 0) return;
        Assert.Equal(latencies.Average(), report.Overall.MeanS, 1e-12);
        Assert.Equal(latencies[^1], report.Overall.MaxS);
        Assert.Equal(NaivePercentile(latencies, 99), report.Overall.P99S, 1e-12);
        Assert.Equal(NaivePercentile(latencies, 50), report.Overall.P50S, 1e-12);
        double slo(int request) => s.Workload.SloOf(s.Workload.ModelIds[request]);
        double attained = record.Completions.Count(c => c.CompletionS - c.ArrivalS <= slo(c.Request)) / (double)latencies.Length;
        Assert.Equal(attained, report.Overall.SloAttainment, 1e-12);
    }

    /// <summary>Runs of each GPU in the order the GPU received them.</summary>
    private static List<List<StageRun>> RunsByGpu(ServingLayout layout, RecordingObserver record)
    {
        var byGpu = Enumerable.Range(0, layout.GpuCount).Select(_ => new List<StageRun>()).ToList();
        foreach (var run in record.Stages)
            foreach (int gpu in layout.GpusOf(run.Slot)) byGpu[gpu].Add(run);
        return byGpu;
    }

    private static double NaivePercentile(double[] sorted, double q)
    {
        double h = (sorted.Length - 1) * q / 100;
        int lo = (int)h;
        return lo + 1 < sorted.Length ? sorted[lo] + (h - lo) * (sorted[lo + 1] - sorted[lo]) : sorted[lo];
    }
}
