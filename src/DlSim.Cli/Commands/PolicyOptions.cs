using System.CommandLine;
using System.Globalization;
using DlSim.Foundation;
using DlSim.Serving;

namespace DlSim.Cli.Commands;

/// <summary>Serving-policy flags; their accepted names derive from the policy enums.</summary>
public sealed class PolicyOptions
{
    public Option<string> Routing { get; } = new("--routing")
    {
        Description = $"Replica choice within a service: {EnumNames.List<RoutingPolicy>()} (seeded by --seed).",
        DefaultValueFactory = _ => EnumNames.Of(RoutingPolicy.EarliestFree),
    };

    public Option<string> Admission { get; } = new("--admission")
    {
        Description = $"Admission control: {EnumNames.List<AdmissionPolicy>()} (slo refuses a request whose predicted finish misses arrival + SLO).",
        DefaultValueFactory = _ => EnumNames.Of(AdmissionPolicy.None),
    };

    public Option<int> MaxBatch { get; } = new("--max-batch")
    { Description = "Largest batch a replica runs (1 = no batching); needs profiles up to that batch size.", DefaultValueFactory = _ => 1 };

    public Option<string> Batching { get; } = new("--batching")
    {
        Description = $"How batches form: {EnumNames.List<BatchingPolicy>()} (greedy takes what is waiting; wait waits up to --batch-wait; slo-aware grows a batch only while every member meets its deadline).",
        DefaultValueFactory = _ => EnumNames.Of(BatchingPolicy.Greedy),
    };

    public Option<double?> BatchWait { get; } = new("--batch-wait")
    { Description = "Seconds the oldest queued request may wait for its batch to fill (implies --batching wait)." };

    public void AddTo(Command command)
    {
        foreach (var o in new Option[] { Routing, Admission, MaxBatch, Batching, BatchWait }) command.Options.Add(o);
    }

    public ServingPolicy Read(ParseResult parse, ulong seed)
    {
        var routing = EnumNames.Parse<RoutingPolicy>(parse.GetValue(Routing)!, "--routing");
        var admission = EnumNames.Parse<AdmissionPolicy>(parse.GetValue(Admission)!, "--admission");
        var batching = EnumNames.Parse<BatchingPolicy>(parse.GetValue(Batching)!, "--batching");
        int maxBatch = parse.GetValue(MaxBatch);
        if (maxBatch < 1 || maxBatch > Limits.MaxBatchSize)
            throw new InputException("--max-batch", 0, $"expected a batch size from 1 to {Limits.MaxBatchSize} (the limit), found {maxBatch}");
        double wait = parse.GetValue(BatchWait) ?? 0;
        if (!(wait >= 0) || double.IsInfinity(wait))
            throw new InputException("--batch-wait", 0, $"expected seconds ≥ 0, found {wait.ToString(CultureInfo.InvariantCulture)}");
        if (parse.GetValue(BatchWait) is not null) batching = BatchingPolicy.Wait;
        return new ServingPolicy { Routing = routing, Admission = admission, MaxBatch = maxBatch, Batching = batching, BatchWaitS = wait, Seed = seed };
    }
}
