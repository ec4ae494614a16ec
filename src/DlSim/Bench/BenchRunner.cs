using DlSim.Runs;
using System.Diagnostics;

namespace DlSim.Bench;

/// <summary>Times one simulation of a <see cref="BenchCase"/>.</summary>
public static class BenchRunner
{
    public static BenchResult Run(BenchCase bench, bool streamed, Action<long, long>? progress = null)
    {
        using var source = bench.OpenRequests();
        var stopwatch = Stopwatch.StartNew();
        var report = Simulation.Run(bench.Deployment, source, bench.Options with { Progress = progress }).Report;
        stopwatch.Stop();
        long peak;
        using (var process = Process.GetCurrentProcess()) peak = process.PeakWorkingSet64;
        return new BenchResult(bench.Kind, report.Requests, report.StageRuns, stopwatch.Elapsed.TotalSeconds, report.Overall.MeanS, peak, streamed);
    }
}
