using DlSim.Search;
using Xunit;

namespace DlSim.Tests.Search;

public class AlgorithmTests
{
    private static readonly (double, double, double, double)[] TwoModels = [(0.05, 5, 14, 0.15), (0.12, 9, 5, 0.4)];
    private static readonly (double, double, double, double)[] ThreeModels = [(0.04, 4, 12, 0.12), (0.08, 7, 6, 0.25), (0.15, 11, 3, 0.5)];

    public static TheoryData<int, int, double, ulong> SmallProblems() => new()
    {
        { 2, 2, 16, 1 },
        { 4, 2, 16, 2 },
        { 4, 3, 16, 3 },
        { 4, 3, 12, 4 },
    };

    /// <summary>On problems small enough to enumerate, the default search finds the optimum.</summary>
    [Theory, MemberData(nameof(SmallProblems))]
    public void The_default_search_finds_the_exhaustive_optimum_on_small_problems(int gpus, int models, double memoryGb, ulong seed)
    {
        var problem = SearchProblems.Small(gpus, models == 2 ? TwoModels : ThreeModels, memoryGb, seed);
        int all = ExhaustiveSearch.Count(problem);
        Assert.InRange(all, 10, 200_000);
        var optimum = PlacementSearch.Run(problem, PlacementAlgorithm.Exhaustive, new SearchSettings { MaxEvaluations = all, BudgetS = 600 });
        Assert.Equal(all, optimum.Evaluations);
        var found = PlacementSearch.Run(problem, PlacementAlgorithm.LocalSearch, new SearchSettings { MaxEvaluations = 20_000, BudgetS = 600, Seed = seed });
        Assert.True(optimum.Score.Objective > 0.3 && optimum.Score.Objective < 1, $"optimum {optimum.Score.Objective}: not a discriminating problem");
        Assert.Equal(optimum.Score.Objective, found.Score.Objective);
    }

    [Fact]
    public void With_a_fixed_seed_and_evaluation_count_the_result_does_not_depend_on_threads()
    {
        var problem = SearchProblems.Sample8();
        var one = PlacementSearch.Run(problem, PlacementAlgorithm.LocalSearch, new SearchSettings { MaxEvaluations = 1500, BudgetS = 600, Threads = 1, Seed = 5 });
        var two = PlacementSearch.Run(SearchProblems.Sample8(), PlacementAlgorithm.LocalSearch, new SearchSettings { MaxEvaluations = 1500, BudgetS = 600, Threads = 2, Seed = 5 });
        Assert.Equal(1500, one.Evaluations);
        Assert.Equal(one.Best.ToString(), two.Best.ToString());
        Assert.Equal(one.Score.Objective, two.Score.Objective);
    }

    /// <summary>The ordering of AlpaServe's ablation on the 8 × 8 sample: selective replication &lt; equal groups ≤ partition search ≤ the default.</summary>
    [Fact]
    public void On_the_8_by_8_sample_the_default_is_at_least_as_good_as_each_baseline()
    {
        double Run(PlacementAlgorithm a, long evaluations) =>
            PlacementSearch.Run(SearchProblems.Sample8(), a, new SearchSettings { MaxEvaluations = evaluations, BudgetS = 600 }).Score.Objective;
        double sr = Run(PlacementAlgorithm.SrGreedy, 100_000);
        double mp = Run(PlacementAlgorithm.MpGreedy, 100_000);
        double search = Run(PlacementAlgorithm.MpSearch, 100_000);
        double local = Run(PlacementAlgorithm.LocalSearch, 8_000);
        Assert.True(sr < mp && mp <= search && search <= local, $"sr {sr}, mp {mp}, search {search}, local {local}");
    }
}
