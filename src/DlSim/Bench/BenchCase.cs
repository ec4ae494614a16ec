using DlSim.Runs;
using DlSim.Placement;
using DlSim.Workloads;

namespace DlSim.Bench;

/// <summary>
/// One benchmark scenario, ready to run: a deployment, its traffic, and the options to simulate with.
/// <see cref="OpenRequests"/> gives a fresh stream of (about) the requested count each time it is called.
/// </summary>
public sealed record BenchCase(BenchScenarioKind Kind, string Description, Deployment Deployment,
    Func<IRequestSource> OpenRequests, SimulationOptions Options);

/// <summary>One timed run. Seconds are wall-clock time of the simulation (including generation when streamed).</summary>
public sealed record BenchResult(BenchScenarioKind Scenario, long Requests, long StageRuns, double Seconds, double MeanLatencyS, long PeakWorkingSetBytes, bool Streamed)
{
    public double RequestsPerSecond => Requests / Seconds;
    public double EventsPerSecond => StageRuns / Seconds;
}
