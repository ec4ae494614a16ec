using System.CommandLine;
using DlSim.Workloads;
using DlSim.Workloads.ClosedLoop;

namespace DlSim.Cli.Commands;

/// <summary><c>--closed-loop MODEL=CLIENTS[,think=S][,dist=exp|const][,slo=S]</c> (repeatable), its duration and seed.</summary>
public sealed class ClosedLoopOptions
{
    public Option<string[]> Groups { get; } = new("--closed-loop", "--closed_loop")
    {
        Description = "Closed-loop clients of a model: MODEL=CLIENTS[,think=SECONDS][,dist=exp|const][,slo=SECONDS]. " +
                      "Each client sends its next request when the previous one completes plus a think time (exponential by default). Repeat per model.",
        Arity = ArgumentArity.ZeroOrMore,
    };

    public Option<double?> Duration { get; } = new("--duration")
    { Description = "Closed-loop clients stop sending at this time in seconds. Default: the workload's duration, or 60 s." };

    public Option<ulong> Seed { get; } = new("--seed")
    { Description = "Seed of the closed-loop think times.", DefaultValueFactory = _ => 0UL };

    public void AddTo(Command command)
    {
        command.Options.Add(Groups);
        command.Options.Add(Duration);
        command.Options.Add(Seed);
    }

    /// <summary>The spec, or null when no <c>--closed-loop</c> was given.</summary>
    /// <param name="workloadDurationS">The open-loop workload's duration when there is one.</param>
    public ClosedLoopSpec? Read(ParseResult parse, double? workloadDurationS = null)
    {
        var values = parse.GetValue(Groups) ?? [];
        if (values.Length == 0) return null;
        var groups = values.Select(v => ClosedLoopSpec.ParseGroup(v)).ToArray();
        double duration = parse.GetValue(Duration) ?? (workloadDurationS is > 0 ? workloadDurationS.Value : 60);
        var spec = new ClosedLoopSpec(groups, duration, parse.GetValue(Seed));
        spec.Validate();
        return spec;
    }
}
