using DlSim.Search;
using DlSim.Serving;
using Xunit;

namespace DlSim.Tests.Search;

/// <summary>How the evaluator scores what a search leaves out (invariant 12, scores equal whole runs: Invariants/SearchInvariantTests).</summary>
public class ComponentEvaluationTests
{
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
