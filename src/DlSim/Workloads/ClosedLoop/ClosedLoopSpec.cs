using System.Globalization;
using DlSim.Foundation;

namespace DlSim.Workloads.ClosedLoop;

/// <summary>How long a client waits between a response and its next request.</summary>
public enum ThinkTimeKind
{
    /// <summary>Exponential with the given mean (memoryless users).</summary>
    Exponential,
    /// <summary>Always exactly the mean (scripted clients).</summary>
    Constant,
}

/// <summary>
/// <see cref="Clients"/> concurrent clients of one model. Each sends a request, waits for its response
/// (or its drop), thinks, and sends the next, until <see cref="ClosedLoopSpec.DurationS"/>.
/// </summary>
/// <param name="ThinkS">Mean think time in seconds, ≥ 0.</param>
/// <param name="SloS">The model's latency objective in seconds, &gt; 0; null keeps the workload's (or <see cref="ClosedLoopSpec.DefaultSloS"/> for a model it lacks).</param>
public sealed record ClientGroup(int Model, int Clients, double ThinkS = 0, ThinkTimeKind Think = ThinkTimeKind.Exponential, double? SloS = null);

/// <summary>Closed-loop traffic: groups of clients whose next request waits for the previous response.</summary>
/// <param name="DurationS">Clients send no request at or after this time; requests in flight still complete.</param>
public sealed record ClosedLoopSpec(IReadOnlyList<ClientGroup> Groups, double DurationS = 60, ulong Seed = 0)
{
    /// <summary>SLO of a closed-loop model that neither its group nor the workload sets (the seed's default).</summary>
    public const double DefaultSloS = 0.25;

    public int TotalClients => (int)Math.Min(Groups.Sum(g => (long)g.Clients), int.MaxValue);

    /// <summary>
    /// The workload header widened to the client groups' models: model count covers every group, and a
    /// group's explicit SLO replaces the workload's.
    /// </summary>
    public WorkloadHeader ExtendHeader(WorkloadHeader header)
    {
        int count = Math.Max(header.ModelCount, Groups.Count == 0 ? 0 : Groups.Max(g => g.Model) + 1);
        var slos = new double[count];
        var proportions = new double[count];
        for (int m = 0; m < count; m++)
        {
            slos[m] = m < header.SlosS.Count ? header.SlosS[m] : DefaultSloS;
            proportions[m] = m < header.Proportions.Count ? header.Proportions[m] : 0;
        }
        foreach (var g in Groups)
            if (g.SloS is double slo) slos[g.Model] = slo;
        return header with { ModelCount = count, SlosS = slos, Proportions = proportions };
    }

    /// <summary>A header for a run with no open-loop traffic.</summary>
    public WorkloadHeader Header(string name = "closed_loop") =>
        ExtendHeader(new WorkloadHeader(0, 0, [], DurationS, [], name));

    /// <summary>
    /// Parses one <c>--closed-loop</c> value: <c>MODEL=CLIENTS[,think=SECONDS][,dist=exp|const][,slo=SECONDS]</c>.
    /// </summary>
    public static ClientGroup ParseGroup(string text, string flag = "--closed-loop")
    {
        InputException Bad(string what) => new(flag, 0, $"expected MODEL=CLIENTS[,think=SECONDS][,dist=exp|const][,slo=SECONDS] with {what}, found {ErrorText.Quote(text)}");
        var parts = text.Split(',', StringSplitOptions.TrimEntries);
        var head = parts[0].Split('=');
        if (head.Length != 2 || !SeedNumbers.TryInt(head[0], out int model) || model < 0 || model >= Limits.MaxModels)
            throw Bad($"a model id from 0 to {Limits.MaxModels - 1} (the limit)");
        if (!SeedNumbers.TryInt(head[1], out int clients) || clients < 1 || clients > Limits.MaxClients)
            throw Bad($"from 1 to {Limits.MaxClients} clients (the limit)");
        var group = new ClientGroup(model, clients);
        foreach (string part in parts.Skip(1))
        {
            var kv = part.Split('=');
            if (kv.Length != 2) throw Bad("key=value options");
            switch (kv[0])
            {
                case "think" when SeedNumbers.TryDouble(kv[1], out double think) && think >= 0 && double.IsFinite(think): group = group with { ThinkS = think }; break;
                case "slo" when SeedNumbers.TryDouble(kv[1], out double slo) && slo > 0 && double.IsFinite(slo): group = group with { SloS = slo }; break;
                case "dist" when kv[1] is "exp": group = group with { Think = ThinkTimeKind.Exponential }; break;
                case "dist" when kv[1] is "const": group = group with { Think = ThinkTimeKind.Constant }; break;
                default: throw Bad($"a valid option (think ≥ 0, dist exp|const, slo > 0) instead of \"{part}\"");
            }
        }
        return group;
    }

    /// <summary>Checks the groups against each other and the workload's model count.</summary>
    public void Validate(string flag = "--closed-loop")
    {
        if (!(DurationS > 0 && DurationS <= Limits.MaxSeconds))
            throw new InputException("--duration", 0, $"expected a positive closed-loop duration in seconds, at most 1e12 (the limit), found {DurationS.ToString(CultureInfo.InvariantCulture)}");
        var seen = new HashSet<int>();
        foreach (var g in Groups)
            if (!seen.Add(g.Model)) throw new InputException(flag, 0, $"expected one client group per model, found model {g.Model} twice");
        long total = Groups.Sum(g => (long)g.Clients);
        if (total > Limits.MaxClients) throw new InputException(flag, 0, $"expected at most {Limits.MaxClients} clients in all (the limit), found {total}");
    }
}
