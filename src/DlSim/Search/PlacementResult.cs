using DlSim.Metrics;
using DlSim.Placement;
using DlSim.Runs;

namespace DlSim.Search;

/// <summary>One GPU group of a found placement. Memory: the most used GPU of the group, bytes.</summary>
public sealed record GroupSummary(int FirstGpu, ParallelConfig Config, IReadOnlyList<string> Executables, IReadOnlyList<int> Models,
    IReadOnlyList<string> Services, long MaxUsedBytes, long CapacityBytes);

/// <summary>One workload model's outcome under a found placement.</summary>
public sealed record ModelSummary(int Model, string Service, string ProfileModel, long Requests, int Replicas, double Attainment, double GoodputRps);

/// <summary>
/// A found placement, simulated whole with <see cref="Simulation"/> (as <c>dlsim simulate</c> would run its file): the figures
/// here are that run's, so simulating the written placement reproduces them exactly.
/// </summary>
public sealed record PlacementResult(PlacementAlgorithm Algorithm, SearchObjective Objective, double ObjectiveValue, double SearchObjectiveValue,
    SimulationReport Report, int GpusUsed, int UsableGpus, SearchOutcome Search, IReadOnlyList<ModelSummary> Models,
    IReadOnlyList<GroupSummary> Groups, PlacementSpec Placement, ServiceMap Map)
{
    /// <summary>Requests within their SLO ÷ all requests of the whole run (0 when there were none).</summary>
    public double Attainment => Finite(Report.Attainment);
    /// <summary>Requests within their SLO per second of the whole run (0 when it has no span).</summary>
    public double GoodputRps => Finite(Report.GoodputRps);

    /// <summary>The search's (component-wise) objective equals the whole run's; false would be a defect.</summary>
    public bool Consistent => ObjectiveValue == SearchObjectiveValue;

    public static PlacementResult Build(PlacementProblem problem, PlacementAlgorithm algorithm, SearchOutcome outcome)
    {
        var candidate = outcome.Best;
        var (placement, map) = CandidateLayout.Build(problem, candidate);
        SimulationReport report;
        IReadOnlyList<GpuMemory> memory = [];
        if (placement.Replicas.Count == 0)
            report = EmptyReport(problem);
        else
        {
            var deployment = Deployment.Resolve(problem.Cluster, problem.Catalog, placement, map, problem.ModelCount, "placement");
            memory = MemoryCheck.Check(deployment, problem.Policy.MaxBatch);
            report = Simulation.Run(deployment, problem.Workload, new SimulationOptions { Overhead = problem.Overhead, Policy = problem.Policy }).Report;
        }
        double value = problem.Objective == SearchObjective.Goodput ? Finite(report.GoodputRps) : Finite(report.Attainment);
        var replicas = candidate.ReplicasOf(problem.ModelCount);
        var models = report.Models.Select(m => new ModelSummary(m.ModelId, problem.ServiceName(m.ModelId), problem.ProfileModels[m.ModelId],
            problem.RequestsOf[m.ModelId], replicas[m.ModelId], Finite(m.Attainment), Finite(m.GoodputRps))).ToArray();
        var groups = candidate.Groups.Where(g => g.Models.Length > 0).Select(g => new GroupSummary(g.Start, g.Config,
            g.Models.Select(m => problem.ExecutableFor(m, g.Config)!.Name).Distinct().ToArray(), g.Models,
            g.Models.Select(problem.ServiceName).ToArray(),
            memory.Count == 0 ? 0 : Enumerable.Range(g.Start, g.Gpus).Max(i => memory[i].UsedBytes), problem.CapacityBytes)).ToArray();
        return new PlacementResult(algorithm, problem.Objective, value, outcome.Score.Objective, report, candidate.GpusUsed, problem.UsableGpus,
            outcome, models, groups, placement, map);
    }

    private static double Finite(double x) => double.IsFinite(x) ? x : 0;

    /// <summary>Nothing placed: every request unserved.</summary>
    private static SimulationReport EmptyReport(PlacementProblem problem)
    {
        var empty = new LatencySummary(0, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN);
        var models = Enumerable.Range(0, problem.ModelCount).Select(m => new ModelReport(m, SimulationReports.NoService, empty, 0)
        { Unserved = problem.RequestsOf[m], Attainment = problem.RequestsOf[m] > 0 ? 0 : double.NaN }).ToArray();
        return new SimulationReport(problem.Workload.Count, empty, models, [], 0, 0) { Unserved = problem.Workload.Count, Attainment = 0 };
    }
}
