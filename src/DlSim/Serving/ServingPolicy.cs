namespace DlSim.Serving;

/// <summary>Which replica of a service a request goes to.</summary>
public enum RoutingPolicy
{
    /// <summary>The replica whose first-stage mesh frees first; ties to file order (the seed's rule).</summary>
    EarliestFree,
    /// <summary>Replicas of a service in turn.</summary>
    RoundRobin,
    /// <summary>The replica with the fewest requests dispatched and not yet finished; ties to file order.</summary>
    LeastOutstanding,
    /// <summary>A replica drawn uniformly (seeded).</summary>
    Random,
    /// <summary>Two distinct replicas drawn at random; the one with fewer outstanding requests.</summary>
    PowerOfTwo,
    /// <summary>
    /// The replica on which the request would finish first, predicted stage by stage from the work already placed on each
    /// stage's GPUs, whichever models it belongs to (GPUs shared by several models count all their work); ties to file order.
    /// </summary>
    EarliestFinish,
}

/// <summary>Whether a request may be refused.</summary>
public enum AdmissionPolicy
{
    /// <summary>Every request is served (the seed's rule).</summary>
    None,
    /// <summary>Refuse a request, at dispatch, whose predicted finish on its replica misses arrival + SLO.</summary>
    Slo,
}

/// <summary>How a replica forms batches from its queue (with a maximum batch size above 1).</summary>
public enum BatchingPolicy
{
    /// <summary>When the first-stage mesh is free, take what is waiting (up to the maximum).</summary>
    Greedy,
    /// <summary>Wait up to the batch wait after the oldest request for the batch to fill.</summary>
    Wait,
    /// <summary>Like greedy, but grow the batch only while every member can still meet its deadline.</summary>
    SloAware,
}

/// <summary>The serving policies of a run. The defaults are the seed's: no batching, no admission control.</summary>
public sealed record ServingPolicy
{
    public RoutingPolicy Routing { get; init; } = RoutingPolicy.EarliestFree;
    public AdmissionPolicy Admission { get; init; } = AdmissionPolicy.None;
    /// <summary>Largest batch a replica runs; 1 = no batching. Every placed executable needs a profile up to it.</summary>
    public int MaxBatch { get; init; } = 1;
    public BatchingPolicy Batching { get; init; } = BatchingPolicy.Greedy;
    /// <summary>With <see cref="BatchingPolicy.Wait"/>: seconds the oldest queued request may wait for the batch to fill.</summary>
    public double BatchWaitS { get; init; }
    /// <summary>Seed of the random routers.</summary>
    public ulong Seed { get; init; }

    public bool IsSeed => Routing == RoutingPolicy.EarliestFree && Admission == AdmissionPolicy.None && MaxBatch == 1;
}
