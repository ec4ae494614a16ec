using System.Globalization;
using DlSim.Foundation;
using DlSim.Workloads;
using DlSim.Workloads.Arrivals;

namespace DlSim.Llm.Traffic;

/// <summary>
/// What to generate: arrivals from an arrival process until a duration or a request count (whichever comes
/// first), each request with token lengths drawn as <see cref="Lengths"/> says. Defaults: Poisson at 10 Hz for 60 s.
/// </summary>
public sealed record LlmTrafficSpec
{
    /// <summary>Most requests one generation holds (the workload is kept in memory: 24 bytes a request).</summary>
    public const int MaxRequestsLimit = 10_000_000;

    public ArrivalProcessSpec Process { get; init; } = new();

    /// <summary>Arrivals at or after this many seconds are not generated; +∞ when only <see cref="MaxRequests"/> bounds it.</summary>
    public double DurationS { get; init; } = 60;

    /// <summary>Stop after this many requests.</summary>
    public int MaxRequests { get; init; } = MaxRequestsLimit;

    public required TokenLengthSpec Lengths { get; init; }

    /// <summary>Arrivals and lengths draw from two streams of this seed, so changing the lengths leaves the arrival times as they were.</summary>
    public ulong Seed { get; init; }

    /// <summary>Throws every bad figure at once, under the flags that set them.</summary>
    public void Validate()
    {
        var errors = new List<InputError>();
        Process.Validate(errors);
        if (!(DurationS > 0 && DurationS <= Limits.MaxSeconds) && !double.IsPositiveInfinity(DurationS))
            errors.Add(new InputError("--duration", 0, $"expected a positive duration in seconds, at most {Limits.MaxSeconds:0e0} (the limit), found {F(DurationS)}"));
        if (!(MaxRequests >= 1 && MaxRequests <= MaxRequestsLimit))
            errors.Add(new InputError("--requests", 0, $"expected a whole number of requests from 1 to {MaxRequestsLimit} (the limit), found {MaxRequests}"));
        if (errors.Count > 0) throw new InputException(errors);
        if (double.IsPositiveInfinity(DurationS) && MaxRequests == MaxRequestsLimit)
            throw new InputException("--duration", 0, "expected --duration or --requests to bound the traffic, found neither");
        double expected = Process.MeanRateHz * DurationS;
        if (expected > MaxRequestsLimit && MaxRequests == MaxRequestsLimit)
            throw new InputException("--duration", 0, string.Create(CultureInfo.InvariantCulture,
                $"expected at most {MaxRequestsLimit} requests (the limit), found a rate and duration giving about {expected:G3}; use a shorter --duration or --requests"));
        Lengths.Validate();
    }

    private static string F(double x) => x.ToString("R", CultureInfo.InvariantCulture);
}

/// <summary>Generated LLM traffic: the arrival processes of <see cref="DlSim.Workloads.Arrivals"/> with drawn token lengths.</summary>
public static class LlmTrafficGenerator
{
    /// <summary>Mixed into the seed for the lengths' stream (an odd constant; SplitMix scrambles both seeds apart).</summary>
    private const ulong LengthStream = 0xD1B54A32D192ED03UL;

    public static LlmWorkload Generate(LlmTrafficSpec spec)
    {
        spec.Validate();
        var arrivals = ArrivalProcess.Create(spec.Process, new DeterministicRng(spec.Seed));
        var lengths = new TokenLengthSampler(spec.Lengths, new DeterministicRng(spec.Seed ^ LengthStream));
        var requests = new List<LlmRequest>();
        double t = arrivals.FirstGap();
        while (t < spec.DurationS && requests.Count < spec.MaxRequests)
        {
            if (t > Limits.MaxSeconds)
                throw new InputException("--requests", 0, $"expected the requests to arrive within {Limits.MaxSeconds:0e0} s (the limit); use a higher rate or fewer --requests");
            var (input, output) = lengths.Next();
            requests.Add(new LlmRequest(t, input, output));
            t += arrivals.NextGap();
        }
        return new LlmWorkload(requests, $"{spec.Process} at {spec.Process.MeanRateHz.ToString("R", CultureInfo.InvariantCulture)} Hz (seed {spec.Seed})");
    }
}
