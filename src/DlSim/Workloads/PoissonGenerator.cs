namespace DlSim.Workloads;

/// <summary>
/// Generates a Poisson workload: the first request at t = 0, then exponential gaps at the total rate
/// while t &lt; duration; each request's model drawn independently by the proportions.
/// Same spec (seed included) → identical requests.
/// </summary>
public static class PoissonGenerator
{
    public static Workload Generate(PoissonWorkloadSpec spec)
    {
        spec.Validate();
        var rng = new DeterministicRng(spec.Seed);
        var cumulative = Cumulative(spec.Proportions);
        int expected = (int)Math.Min(int.MaxValue - 1, spec.TotalRateHz * spec.DurationS * 1.1 + 16);
        var models = new List<int>(expected);
        var arrivals = new List<double>(expected);
        double t = 0;
        while (t < spec.DurationS)
        {
            arrivals.Add(t);
            models.Add(Pick(cumulative, rng.NextDouble()));
            t += rng.NextExponential(spec.TotalRateHz);
        }
        var header = new WorkloadHeader(spec.Proportions.Count, spec.TotalRateHz, spec.Proportions, spec.DurationS, spec.SlosS, spec.Name);
        return new Workload(header, [.. models], [.. arrivals]);
    }

    private static double[] Cumulative(IReadOnlyList<double> proportions)
    {
        var c = new double[proportions.Count];
        double sum = 0;
        for (int i = 0; i < c.Length; i++) { sum += proportions[i]; c[i] = sum; }
        return c;
    }

    private static int Pick(double[] cumulative, double u)
    {
        double scaled = u * cumulative[^1];
        for (int i = 0; i < cumulative.Length; i++)
            if (scaled < cumulative[i]) return i;
        return cumulative.Length - 1;
    }
}
