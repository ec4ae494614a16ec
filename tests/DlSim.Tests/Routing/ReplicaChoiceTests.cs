using CsCheck;
using DlSim.Routing;
using DlSim.Workloads;
using Xunit;

namespace DlSim.Tests.Routing;

/// <summary>The defining property of each shared replica-choice rule, over generated loads.</summary>
public class ReplicaChoiceTests
{
    private readonly struct Loads(long[] values) : IReplicaLoads
    {
        public int Count => values.Length;
        public long LoadAt(int position) => values[position];
    }

    private static readonly Gen<long[]> LoadArrays = Gen.Long[0, 5].Array[1, 12];

    [Fact]
    public void In_turn_visits_every_position_once_per_cycle_in_order()
    {
        Gen.Int[1, 20].Sample(count =>
        {
            int turn = 0;
            for (int i = 0; i < 3 * count; i++) Assert.Equal(i % count, ReplicaChoice.InTurn(ref turn, count));
        });
    }

    [Fact]
    public void Least_picks_a_minimum_load_and_the_first_of_equal_ones()
    {
        LoadArrays.Sample(values =>
        {
            int chosen = ReplicaChoice.Least(new Loads(values));
            Assert.Equal(values.Min(), values[chosen]);
            Assert.Equal(Array.IndexOf(values, values.Min()), chosen);
        });
    }

    [Fact]
    public void Better_of_two_never_picks_the_worse_of_the_two_it_drew()
    {
        Gen.Select(LoadArrays, Gen.ULong).Sample((values, seed) =>
        {
            int chosen = ReplicaChoice.BetterOfTwo(new Loads(values), new DeterministicRng(seed));
            if (values.Length == 1) { Assert.Equal(0, chosen); return; }
            // The same draws again: the two candidates.
            var rng = new DeterministicRng(seed);
            int a = ReplicaChoice.Uniform(rng, values.Length), b = ReplicaChoice.Uniform(rng, values.Length - 1);
            if (b >= a) b++;
            Assert.NotEqual(a, b);
            Assert.Contains(chosen, new[] { a, b });
            int other = chosen == a ? b : a;
            Assert.True(values[chosen] < values[other] || (values[chosen] == values[other] && chosen < other));
        });
    }

    [Fact]
    public void Uniform_is_the_same_per_seed_differs_across_seeds_and_reaches_every_position()
    {
        int[] Draws(ulong seed)
        {
            var rng = new DeterministicRng(seed);
            return [.. Enumerable.Range(0, 400).Select(_ => ReplicaChoice.Uniform(rng, 8))];
        }
        Assert.Equal(Draws(7), Draws(7));
        Assert.NotEqual(Draws(7), Draws(8));
        var counts = new int[8];
        foreach (int p in Draws(7)) counts[p]++;
        // 50 expected per position; 20 is over four standard deviations below.
        Assert.All(counts, c => Assert.InRange(c, 20, 80));
    }
}
