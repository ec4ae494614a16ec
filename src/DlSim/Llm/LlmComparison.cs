namespace DlSim.Llm;

/// <summary>One statistic of one metric, simulated against real; Error = simulated / real − 1.</summary>
public readonly record struct LlmComparisonRow(string Metric, string Statistic, double SimulatedS, double RealS)
{
    public double Error => SimulatedS / RealS - 1;
}

/// <summary>A simulated run beside the real one it replays.</summary>
/// <param name="RunningMad">Mean absolute difference of running requests, per second, over the seconds both have.</param>
public sealed record LlmComparisonReport(
    IReadOnlyList<LlmComparisonRow> Rows, double RunningMad, double WaitingMad, double KvMad, int SampleCount, LlmStatistics Simulated, LlmRunResult Run);

public static class LlmComparison
{
    /// <param name="replayed">The workload file the run replayed, for the prompts' token ids (prefix caching).</param>
    /// <param name="observe">Called after each simulated iteration (for traces).</param>
    public static LlmComparisonReport Compare(LlmRealRun real, LlmDeployment deployment, LlmWorkload? replayed = null, Action<LlmIterationRecord>? observe = null)
    {
        var workload = replayed is null ? real.Workload() : real.Workload(replayed);
        var run = LlmSimulation.Run(workload, deployment, observe);
        var stats = LlmStatistics.Of(run);
        var measured = real.InArrivalOrder();
        var rows = new List<LlmComparisonRow>();
        void Add(string metric, LatencySummary sim, LatencySummary actual)
        {
            foreach (string s in LatencySummary.Statistics) rows.Add(new LlmComparisonRow(metric, s, sim[s], actual[s]));
        }
        Add("TTFT", stats.Ttft, LatencySummary.Of(measured.Select(r => r.TtftS)));
        Add("TPOT", stats.Tpot, LatencySummary.Of(measured.Select(r => r.TpotS)));
        Add("end-to-end", stats.EndToEnd, LatencySummary.Of(measured.Select(r => r.EndToEndS)));
        int n = Math.Min(run.Samples.Count, real.Samples.Count);
        double running = 0, waiting = 0, kv = 0;
        for (int i = 0; i < n; i++)
        {
            running += Math.Abs(run.Samples[i].Running - real.Samples[i].Running);
            waiting += Math.Abs(run.Samples[i].Waiting - real.Samples[i].Waiting);
            kv += Math.Abs(run.Samples[i].KvUse - real.Samples[i].KvUse);
        }
        return n == 0
            ? new LlmComparisonReport(rows, double.NaN, double.NaN, double.NaN, 0, stats, run)
            : new LlmComparisonReport(rows, running / n, waiting / n, kv / n, n, stats, run);
    }
}
