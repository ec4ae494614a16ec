using System.CommandLine;
using DlSim.Formats.Files;
using DlSim.Foundation;
using DlSim.Workloads;
using DlSim.Workloads.ClosedLoop;

namespace DlSim.Cli.Commands;

/// <summary><c>--closed-loop MODEL=CLIENTS[,think=S][,dist=exp|const][,slo=S]</c> (repeatable), its duration and seed.</summary>
public sealed class ClosedLoopOptions
{
    public Option<string[]> Groups { get; } = new("--closed-loop", "--closed_loop")
    {
        Description = "Closed-loop clients of a model: MODEL=CLIENTS[,think=SECONDS][,dist=exp|const][,slo=SECONDS]. " +
                      "Each client sends its next request when the previous one completes plus a think time (exponential by default). " +
                      "Repeat per model, or give @FILE: one such spec per line (blank lines and # comments ignored).",
        Arity = ArgumentArity.ZeroOrMore,
    };

    public Option<double?> Duration { get; } = new("--duration")
    { Description = "Closed-loop clients stop sending at this time in seconds. Default: the workload's duration, or 60 s." };

    public Option<ulong> Seed { get; } = new("--seed")
    { Description = "Seed of the closed-loop think times and of the random routers.", DefaultValueFactory = _ => 0UL };

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
        string flag = parse.Typed(Groups);
        var groups = values.SelectMany(v => ReadGroups(v, flag)).ToArray();
        double duration = parse.GetValue(Duration) ?? (workloadDurationS is > 0 ? workloadDurationS.Value : 60);
        var spec = new ClosedLoopSpec(groups, duration, parse.GetValue(Seed));
        spec.Validate(flag);
        return spec;
    }

    /// <summary>One group, or every line of an @FILE (errors name the file and line).</summary>
    private static IEnumerable<ClientGroup> ReadGroups(string value, string flag)
    {
        if (!value.StartsWith('@')) return [ClosedLoopSpec.ParseGroup(value, flag)];
        string path = value[1..];
        var groups = new List<ClientGroup>();
        var lines = InputFiles.ReadAllLines(path, "closed-loop spec file");
        for (int i = 0; i < lines.Count; i++)
        {
            string line = lines[i].Trim();
            if (line.Length == 0 || line.StartsWith('#')) continue;
            try { groups.Add(ClosedLoopSpec.ParseGroup(line)); }
            catch (InputException e) { throw new InputException(path, i + 1, e.Errors[0].Message); }
        }
        return groups;
    }
}
