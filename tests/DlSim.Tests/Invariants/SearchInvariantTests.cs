using DlSim.Search;
using DlSim.Serving;
using DlSim.Tests.Search;
using Xunit;

namespace DlSim.Tests.Invariants;

/// <summary>
/// INVARIANTS.md 12 and 13. The search scores a candidate component by component (cached); the placement it writes is
/// simulated whole. The two must agree exactly, or the search would optimise one thing and report another. And every
/// candidate it scores must be a placement the cluster can hold.
/// </summary>
public class SearchInvariantTests
{
    public static TheoryData<RoutingPolicy, AdmissionPolicy, SearchObjective> Policies() => new()
    {
        { RoutingPolicy.EarliestFree, AdmissionPolicy.None, SearchObjective.Attainment },
        { RoutingPolicy.EarliestFinish, AdmissionPolicy.None, SearchObjective.Goodput },
        { RoutingPolicy.LeastOutstanding, AdmissionPolicy.Slo, SearchObjective.Attainment },
        { RoutingPolicy.RoundRobin, AdmissionPolicy.None, SearchObjective.Goodput },
        { RoutingPolicy.PowerOfTwo, AdmissionPolicy.Slo, SearchObjective.Attainment },
    };

    [Theory, MemberData(nameof(Policies))]
    public void I12_the_score_of_a_candidate_equals_the_whole_run_of_its_placement(RoutingPolicy routing, AdmissionPolicy admission, SearchObjective objective)
    {
        var problem = SearchProblems.Sample8(new ServingPolicy { Routing = routing, Admission = admission, Seed = 7 }, objective);
        var evaluator = new CandidateEvaluator(problem);
        int checkedCount = 0;
        foreach (var candidate in SearchProblems.RandomWalk(problem, 60, seed: (ulong)routing + 1).Where((_, i) => i % 6 == 5))
        {
            var score = evaluator.Evaluate(candidate);
            var outcome = new SearchOutcome(candidate, score, 1, 0, 0, 0, [], []);
            var whole = PlacementResult.Build(problem, PlacementAlgorithm.LocalSearch, outcome);
            Assert.True(whole.Consistent, $"{candidate}: search {score.Objective:R}, whole run {whole.ObjectiveValue:R}");
            Assert.Equal(score.WithinSlo, (long)Math.Round(whole.Report.Attainment * whole.Report.Requests));
            checkedCount++;
        }
        Assert.Equal(10, checkedCount);
    }

    [Fact]
    public void I13_every_candidate_a_search_scores_fits_memory_and_the_cluster()
    {
        var problem = SearchProblems.Sample8();
        foreach (var c in SearchProblems.RandomWalk(problem, 200, seed: 11))
        {
            Assert.All(c.Groups, g => Assert.True(problem.Fits(g) && problem.CanStartAt(g.Start, g.Gpus), c.ToString()));
            var (placement, map) = CandidateLayout.Build(problem, c);
            if (placement.Replicas.Count == 0) continue;
            var d = DlSim.Placement.Deployment.Resolve(problem.Cluster, problem.Catalog, placement, map, problem.ModelCount);
            Assert.All(DlSim.Placement.MemoryCheck.Check(d), m => Assert.True(m.Fits));
        }
    }
}
