namespace DlSim.Llm;

/// <summary>Figures of one model on a shared GPU group, and of the whole deployment.</summary>
/// <param name="Group">The group's name.</param>
/// <param name="GpuBusyS">GPU time its iterations took (on the group's GPUs).</param>
public sealed record LlmSharedModelStatistics(string Group, LlmSharedModel Model, LlmStatistics Statistics, double GpuBusyS);

public static class LlmSharedStatistics
{
    /// <summary>Each model's statistics under its own objectives.</summary>
    public static List<LlmSharedModelStatistics> PerModel(IReadOnlyList<LlmGpuGroup> groups, IReadOnlyList<LlmSharedRunResult> runs)
    {
        var rows = new List<LlmSharedModelStatistics>();
        for (int g = 0; g < groups.Count; g++)
            for (int m = 0; m < groups[g].Models.Count; m++)
            {
                var model = groups[g].Models[m];
                rows.Add(new(groups[g].Name, model, LlmStatistics.Of(runs[g].Runs[m], model.TtftSloS, model.TpotSloS), runs[g].GpuBusyS[m]));
            }
        return rows;
    }

    /// <summary>
    /// All models' requests as one: latencies over every request, throughput over the span from the first arrival to
    /// the last token; goodput counts the requests within their own model's objectives (null when no model has one).
    /// </summary>
    public static LlmStatistics Overall(IReadOnlyList<LlmSharedModel> models, IReadOnlyList<LlmRunResult> runs)
    {
        var requests = new List<LlmRequestRecord>();
        var gaps = new List<double>();
        int iterations = 0, preemptions = 0, rejected = 0;
        double good = 0;
        bool objectives = false;
        for (int i = 0; i < runs.Count; i++)
        {
            var run = runs[i];
            requests.AddRange(run.Requests);
            gaps.AddRange(run.InterTokenS);
            iterations += run.Iterations;
            preemptions += run.Preemptions;
            rejected += run.Rejected;
            var own = LlmStatistics.Of(run, models[i].TtftSloS, models[i].TpotSloS);
            // Attainment is good / requests: multiplied back, the count of good requests (exact at these sizes once rounded).
            if (own.SloAttainment is double a && run.Requests.Count > 0) { good += Math.Round(a * run.Requests.Count); objectives = true; }
            else if (own.SloAttainment is not null) objectives = true;
        }
        var all = LlmStatistics.Of(new LlmRunResult(requests, [], iterations, preemptions, rejected, 0, gaps));
        if (!objectives) return all;
        return all with { GoodputPerS = good / all.SpanS, SloAttainment = requests.Count == 0 ? double.NaN : good / requests.Count };
    }

    /// <summary>Each model of the group alone on GPUs of the same kind: all their memory to itself, the same engine limits.</summary>
    public static List<LlmRunResult> Alone(LlmGpuGroup group)
    {
        var runs = new List<LlmRunResult>();
        foreach (var m in group.Models)
        {
            var d = m.Deployment;
            int blocks = LlmEngineConfig.BlocksFromMemory(d.Model, d.TensorParallel, group.MemoryBytes, group.Utilization, d.Engine.BlockSize);
            runs.Add(LlmSimulation.Run(m.Workload, d with { Engine = d.Engine with { KvBlocks = blocks } }));
        }
        return runs;
    }
}
