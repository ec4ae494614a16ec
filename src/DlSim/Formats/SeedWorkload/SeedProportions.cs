namespace DlSim.Formats.SeedWorkload;

/// <summary>
/// The original tool loads a workload only when <c>sum(proportions) == 1</c> exactly, summed left to right in
/// doubles as Python does. Shares such as ten of 0.1, or shares computed from counts or weights, often miss by an
/// ulp. Before the header is written one share is moved by the few ulps that make the sum exactly 1, so
/// every file DLSIM writes loads there; shares whose sum already is 1 are written unchanged (files round-trip).
/// </summary>
public static class SeedProportions
{
    /// <summary>Sums further from 1 than this are not rounding: they are left as they are.</summary>
    private const double RoundingOnly = 1e-9;

    /// <summary>Steps of one ulp tried after the first correction; a sum that has not reached 1 by then is left as it was.</summary>
    private const int MaxUlpSteps = 4096;

    /// <summary>Left to right, in doubles: Python's <c>sum</c> of a list of floats.</summary>
    public static double PythonSum(IReadOnlyList<double> values)
    {
        double sum = 0;
        for (int i = 0; i < values.Count; i++) sum += values[i];
        return sum;
    }

    /// <summary>The shares, moved by a few ulps so that <see cref="PythonSum"/> is exactly 1 (shares already summing to 1 are returned as they are).</summary>
    public static IReadOnlyList<double> SummingToOne(IReadOnlyList<double> shares)
    {
        double sum = PythonSum(shares);
        if (sum == 1 || shares.Count == 0 || !(Math.Abs(sum - 1) <= RoundingOnly)) return shares;
        return NudgeLargest(shares.ToArray()) ?? SetLastNonZero(shares.ToArray()) ?? shares;
    }

    /// <summary>Moves the largest share towards the missing amount, then ulp by ulp; null when no value of it gives exactly 1.</summary>
    private static double[]? NudgeLargest(double[] shares)
    {
        int k = IndexOfLargest(shares, shares.Length);
        shares[k] += 1 - PythonSum(shares);
        double sum = PythonSum(shares);
        for (int step = 0; step < MaxUlpSteps && sum != 1; step++)
        {
            shares[k] = sum < 1 ? Math.BitIncrement(shares[k]) : Math.BitDecrement(shares[k]);
            sum = PythonSum(shares);
        }
        return sum == 1 && shares[k] >= 0 ? shares : null;
    }

    /// <summary>
    /// Sets the last non-zero share to 1 − (the sum before it). That sum s is first brought to at most 1 (the largest share
    /// before it goes down by ulps); then 1 − s rounds by at most half an ulp of 1, and s + (1 − s) rounds back to exactly 1.
    /// Zero shares after it add nothing.
    /// </summary>
    private static double[]? SetLastNonZero(double[] shares)
    {
        int last = shares.Length - 1;
        while (last > 0 && shares[last] == 0) last--;
        if (last == 0) return null;
        int k = IndexOfLargest(shares, last);
        double before = SumOfFirst(shares, last);
        for (int step = 0; step < MaxUlpSteps && before > 1; step++)
        {
            shares[k] = Math.BitDecrement(shares[k]);
            before = SumOfFirst(shares, last);
        }
        shares[last] = 1 - before;
        return PythonSum(shares) == 1 && shares[last] >= 0 && shares[k] >= 0 ? shares : null;
    }

    private static double SumOfFirst(double[] shares, int count)
    {
        double sum = 0;
        for (int i = 0; i < count; i++) sum += shares[i];
        return sum;
    }

    private static int IndexOfLargest(double[] shares, int count)
    {
        int largest = 0;
        for (int i = 1; i < count; i++) if (shares[i] > shares[largest]) largest = i;
        return largest;
    }
}
