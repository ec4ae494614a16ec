
namespace DlSim.Workloads.Traffic;

/// <summary>
/// Generates a Poisson workload: the first request at t = 0, then exponential gaps at the total rate
/// while t &lt; duration; each request's model drawn independently by the proportions.
/// Same spec (seed included) → identical requests. The streaming form is <see cref="GeneratedRequestSource"/>.
/// </summary>
public static class PoissonGenerator
{
    public static Workload Generate(PoissonWorkloadSpec spec)
    {
        spec.Validate();
        using var source = new GeneratedRequestSource(GeneratedWorkloadSpec.From(spec));
        return Workload.ReadAll(source);
    }
}
