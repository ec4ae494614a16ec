using Xunit;

namespace DlSim.Tests.Invariants;

/// <summary>INVARIANTS.md 11 on every scenario: calibrated ones hand over blocking, the others immediately.</summary>
public class HandoffInvariantTests
{
    public static TheoryData<string> Names() => new(Scenarios.All().Select(s => s.Name));

    [Theory, MemberData(nameof(Names))]
    public void I11_a_sender_ends_when_its_run_is_done_or_when_the_next_mesh_is_ready_whichever_is_later(string name)
    {
        var s = Scenarios.All().First(x => x.Name == name);
        var (layout, record) = s.Run();
        int blocked = InvariantChecks.Handoff(s, layout, record);
        if (name.Contains("interop") && s.Timing is not null) Assert.True(blocked > 0, "the reference pipelines block under load");
    }
}
