using CsCheck;
using DlSim.Formats.SeedWorkload;
using Xunit;

namespace DlSim.Tests.Io;

/// <summary>Shares written to a seed header sum to exactly 1 the way Python sums them, and move by a few ulps at most.</summary>
public class SeedProportionsTests
{
    [Fact]
    public void Ten_equal_shares_are_nudged_to_sum_to_exactly_one()
    {
        var shares = Enumerable.Repeat(0.1, 10).ToArray();
        Assert.NotEqual(1.0, SeedProportions.PythonSum(shares)); // 0.9999999999999999 in Python too
        var written = SeedProportions.SummingToOne(shares);
        Assert.Equal(1.0, SeedProportions.PythonSum(written));
        Assert.Equal(9, written.Count(s => s == 0.1));
    }

    [Fact]
    public void Shares_that_already_sum_to_one_are_kept_as_they_are()
    {
        double[] shares = [0.8, 0.2];
        Assert.Same(shares, SeedProportions.SummingToOne(shares));
    }

    [Fact]
    public void Shares_far_from_one_are_not_rounding_and_are_left_alone()
    {
        double[] shares = [0.5, 0.4];
        Assert.Same(shares, SeedProportions.SummingToOne(shares));
    }

    [Fact]
    public void Normalised_random_shares_sum_to_exactly_one_after_a_change_of_a_few_ulps()
    {
        Gen.OneOf(Gen.Double[0, 1000], Gen.Const(0.0), Gen.Double[0, 1e-12]).Array[1, 64].Where(w => w.Sum() > 0).Sample(weights =>
        {
            double total = weights.Sum();
            var shares = weights.Select(w => w / total).ToArray();
            var written = SeedProportions.SummingToOne(shares);
            Assert.Equal(1.0, SeedProportions.PythonSum(written));
            for (int i = 0; i < shares.Length; i++)
            {
                Assert.True(written[i] >= 0);
                Assert.True(Math.Abs(written[i] - shares[i]) <= 1e-14, $"share {i}: {shares[i]:R} → {written[i]:R}");
                if (shares[i] == 0) Assert.Equal(0, written[i]);
            }
        }, iter: 20_000);
    }
}
