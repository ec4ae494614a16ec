namespace DlSim.Workloads.Replay;

/// <summary>The header of a replayed workload, from the requests each model got.</summary>
internal static class ReplayHeader
{
    /// <param name="requestsPerModel">At least one request in all.</param>
    /// <param name="durationS">The window's length in seconds after time scaling.</param>
    public static WorkloadHeader Of(IReadOnlyList<long> requestsPerModel, double durationS, ReplayOptions options)
    {
        double total = requestsPerModel.Sum();
        var proportions = requestsPerModel.Select(c => c / total).ToArray();
        double rate = durationS > 0 ? total / durationS : 0;
        return new WorkloadHeader(options.Models, rate, proportions, durationS, options.SlosPerModel(), options.Name);
    }
}
