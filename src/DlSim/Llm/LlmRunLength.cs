using System.Globalization;
using DlSim.Foundation;

namespace DlSim.Llm;

/// <summary>
/// The bound on an LLM run's simulated length (<see cref="Limits.MaxLlmRunSeconds"/>). A run keeps one sample per
/// second, so arrivals years apart, or iterations timed absurdly slow (a profile of 1e300 µs, a link of 1e-300 GB/s),
/// would fill memory or never end; past the bound the run stops as bad input instead.
/// </summary>
internal static class LlmRunLength
{
    /// <summary>Throws bad input naming <paramref name="source"/> when a sample <paramref name="sinceFirstArrivalS"/>
    /// seconds after the first arrival is past the bound.</summary>
    public static void Check(double sinceFirstArrivalS, string source)
    {
        if (sinceFirstArrivalS <= Limits.MaxLlmRunSeconds) return;
        throw new InputException(source, 0, string.Create(CultureInfo.InvariantCulture,
            $"expected the run to end within {Limits.MaxLlmRunSeconds:0} s of the first arrival (the limit), found it still going then: arrivals that far apart, or iterations that slow"));
    }
}
