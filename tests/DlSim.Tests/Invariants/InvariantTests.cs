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
        InvariantChecks.Conservation(s, record);
    }

    [Theory, MemberData(nameof(Names))]
    public void I2_stages_follow_arrival_and_each_other(string name)
    {
        var s = Get(name);
        var (_, record) = s.Run();
        InvariantChecks.Causality(s, record);
    }

    [Theory, MemberData(nameof(Names))]
    public void I3_no_gpu_runs_two_stages_at_once(string name)
    {
        var (layout, record) = Get(name).Run();
        InvariantChecks.ExclusiveGpus(layout, record);
    }

    [Theory, MemberData(nameof(Names))]
    public void I4_the_clock_never_goes_back(string name)
    {
        var (layout, record) = Get(name).Run();
        InvariantChecks.MonotoneClock(layout, record);
    }

    [Theory, MemberData(nameof(Names))]
    public void I8_each_gpu_starts_stages_in_the_order_it_received_them(string name)
    {
        var (layout, record) = Get(name).Run();
        InvariantChecks.FifoPerGpu(layout, record);
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
        Assert.Equal(attained, report.Overall.CompletedWithinSlo, 1e-12);
    }

    private static double NaivePercentile(double[] sorted, double q)
    {
        double h = (sorted.Length - 1) * q / 100;
        int lo = (int)h;
        return lo + 1 < sorted.Length ? sorted[lo] + (h - lo) * (sorted[lo + 1] - sorted[lo]) : sorted[lo];
    }
}
