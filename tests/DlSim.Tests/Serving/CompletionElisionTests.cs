using DlSim.Metrics;
using DlSim.Serving;
using DlSim.Tests.Invariants;
using Xunit;

namespace DlSim.Tests.Serving;

/// <summary>
/// A request placed whole is reported complete when its last stage is placed, with no completion event, when the
/// observer takes completions in any order and nothing waits for them. The results must be those of the evented run.
/// </summary>
public class CompletionElisionTests
{
    private static bool NeedsOrder<T>() where T : struct, ISimulationObserver => T.NeedsCompletionOrder;

    [Fact]
    public void The_standard_observer_takes_completions_in_any_order_and_the_recording_one_does_not()
    {
        Assert.False(NeedsOrder<StandardObserver>());
        Assert.True(NeedsOrder<StandardReports.InTimeOrder>());
        Assert.True(NeedsOrder<RecordingObserver>());
    }

    public static TheoryData<string> Names() => new(Scenarios.All().Select(s => s.Name));

    [Theory, MemberData(nameof(Names))]
    public void Reports_without_completion_events_equal_the_evented_ones(string name) =>
        StandardReports.AssertElidedEqualsEvented(Scenarios.All().First(x => x.Name == name));
}
