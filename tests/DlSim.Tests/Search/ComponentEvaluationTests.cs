using DlSim.Search;
using DlSim.Serving;
using Xunit;

namespace DlSim.Tests.Search;

/// <summary>
/// The search scores a candidate component by component (cached); the placement it writes is simulated whole. The two must
/// agree exactly, or the search would optimise one thing and report another.
/// </summary>
public class ComponentEvaluationTests
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
    public void The_score_of_a_candidate_equals_the_whole_run_of_its_placement(RoutingPolicy routing, AdmissionPolicy admission, SearchObjective objective)
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
    public void Unplaced_models_count_as_misses_and_an_empty_candidate_scores_zero()
    {
        var problem = SearchProblems.Sample8();
        var evaluator = new CandidateEvaluator(problem);
        Assert.Equal(0, evaluator.Evaluate(new Candidate([])).Objective);
        var one = new Candidate([new GpuGroup(0, new ParallelConfig(1, 1), [0])]);
        var score = evaluator.Evaluate(one);
        Assert.True(score.WithinSlo > 0 && score.WithinSlo <= problem.RequestsOf[0]);
        Assert.Equal((double)score.WithinSlo / problem.Workload.Count, score.Objective);
        Assert.All(Enumerable.Range(1, 7), m => Assert.Equal(0, score.WithinByModel[m]));
    }
}
