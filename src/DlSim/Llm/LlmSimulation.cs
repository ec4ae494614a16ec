namespace DlSim.Llm;

/// <summary>A deployment of one model: identical replicas behind a router.</summary>
/// <param name="Seed">Seed of the router's random draws (random and power-of-two routing).</param>
/// <param name="Pipeline">Pipeline stages of each replica and the link between them; null: one stage.</param>
public sealed record LlmDeployment(LlmArchitecture Model, int TensorParallel, LlmEngineConfig Engine, IterationTiming Timing, int Replicas = 1, LlmRouting Routing = LlmRouting.RoundRobin, ulong Seed = 0, LlmPipeline? Pipeline = null)
{
    /// <summary>Pipeline-parallel degree of a replica.</summary>
    public int PipelineParallel => Pipeline?.Stages ?? 1;

    /// <summary>GPUs of one replica: a tensor-parallel group per pipeline stage.</summary>
    public int GpusPerReplica => TensorParallel * PipelineParallel;

    /// <summary>The per-stage timing of one replica.</summary>
    public StageTiming StageTiming() => new(Timing, Model, TensorParallel, Pipeline ?? LlmPipeline.None);
}

/// <summary>A whole run: every request's record, the per-second samples, and engine counters.</summary>
/// <param name="CachedTokens">Prompt and recomputed tokens taken from the prefix cache instead of computed.</param>
public sealed record LlmRunResult(
    IReadOnlyList<LlmRequestRecord> Requests, IReadOnlyList<LlmSample> Samples, int Iterations, int Preemptions, int Rejected,
    double EndS, IReadOnlyList<double> InterTokenS, long CachedTokens = 0);

/// <summary>Discrete-event simulation of LLM serving: arrivals go to a replica; each replica runs iterations back to
/// back while it has work; an iteration's tokens come out when it ends. Events at one instant: iteration ends first
/// (lowest replica first), then arrivals.</summary>
public static class LlmSimulation
{
    public static LlmRunResult Run(LlmWorkload workload, LlmDeployment deployment, Action<LlmIterationRecord>? observe = null) =>
        Run(workload, deployment, observe, null);

    /// <param name="inspect">Called with a replica after each of its iterations (for checks of its internal state).</param>
    internal static LlmRunResult Run(LlmWorkload workload, LlmDeployment deployment, Action<LlmIterationRecord>? observe, Action<LlmReplica>? inspect)
    {
        if (deployment.Replicas < 1) throw new ArgumentException("at least one replica", nameof(deployment));
        var engine = deployment.Engine;
        var prompts = engine.PrefixCaching ? workload.Prompts : null;
        if (prompts is not null && (prompts.BlockSize != engine.BlockSize || prompts.Count != workload.Count))
            throw new ArgumentException($"the prompts' block hashes ({prompts.Count} requests, blocks of {prompts.BlockSize}) do not match the workload ({workload.Count} requests) and engine (blocks of {engine.BlockSize})", nameof(workload));
        var replicas = new LlmReplica[deployment.Replicas];
        var stages = deployment.StageTiming();
        for (int r = 0; r < replicas.Length; r++) replicas[r] = new LlmReplica(r, engine, stages);
        var requests = workload.Requests;
        var first = new double[requests.Count];
        var last = new double[requests.Count];
        var replicaOf = new int[requests.Count];
        var sequences = new LlmSequence?[requests.Count];
        // One gap per generated token after each request's first: known up front, so the list never regrows.
        long gaps = 0;
        foreach (var q in requests) gaps += Math.Max(0, q.OutputTokens - 1);
        var itl = new List<double>((int)Math.Min(gaps, Array.MaxLength));
        int rejected = 0, next = 0;
        var router = new LlmRouter(deployment.Routing, deployment.Seed);
        double origin = requests.Count > 0 ? requests[0].ArrivalS : 0;
        double nextSample = origin + 1;
        var samples = new List<LlmSample>();
        long promptMark = 0, generatedMark = 0;
        Array.Fill(first, double.NaN);
        Array.Fill(last, double.NaN);

        void Token(LlmSequence s, double now)
        {
            if (s.Generated == 1) first[s.Index] = now;
            else itl.Add(now - last[s.Index]);
            last[s.Index] = now;
        }

        // Converted once: passing the local function itself would allocate a delegate per iteration.
        Action<LlmSequence, double> token = Token;
        double now = origin;
        while (true)
        {
            int busy = -1;
            double end = double.PositiveInfinity;
            for (int r = 0; r < replicas.Length; r++)
                if (replicas[r].Busy && replicas[r].IterationEnd < end) { end = replicas[r].IterationEnd; busy = r; }
            double arrival = next < requests.Count ? requests[next].ArrivalS : double.PositiveInfinity;
            if (busy < 0 && next >= requests.Count) break;
            double t = Math.Min(end, arrival);
            while (nextSample <= t)
            {
                LlmRunLength.Check(nextSample - origin, workload.Source);
                Sample(nextSample);
                nextSample += 1;
            }
            now = t;
            if (busy >= 0 && end <= arrival)
            {
                replicas[busy].Finish(token, observe);
                inspect?.Invoke(replicas[busy]);
                replicas[busy].TryStart(now);
                continue;
            }
            var request = requests[next];
            int index = next++;
            if (engine.BlocksFor(request.InputTokens + request.OutputTokens - 1) > engine.KvBlocks)
            {
                rejected++;
                replicaOf[index] = -1;
                continue;
            }
            var replica = replicas[router.Choose(replicas)];
            replicaOf[index] = replica.Id;
            var sequence = new LlmSequence(index, request, prompts?.Shared(index));
            sequences[index] = sequence;
            replica.Add(sequence);
            if (!replica.Busy) replica.TryStart(now);
        }
        Sample(nextSample);

        var records = new LlmRequestRecord[requests.Count];
        for (int i = 0; i < records.Length; i++)
        {
            var q = requests[i];
            records[i] = new LlmRequestRecord(q.ArrivalS, first[i], last[i], q.InputTokens, q.OutputTokens, replicaOf[i],
                sequences[i]?.Preemptions ?? 0, replicaOf[i] < 0);
        }
        return new LlmRunResult(records, samples, replicas.Sum(r => r.Iterations), replicas.Sum(r => r.Preemptions), rejected, now, itl,
            replicas.Sum(r => r.CachedTokens));

        void Sample(double at)
        {
            long prompt = replicas.Sum(r => r.PromptTokensDone), generated = replicas.Sum(r => r.TokensGenerated);
            double kv = replicas.Sum(r => (double)r.UsedBlocks) / ((double)engine.KvBlocks * replicas.Length);
            samples.Add(new LlmSample(at - origin, replicas.Sum(r => r.Running), replicas.Sum(r => r.Waiting), kv,
                (int)(prompt - promptMark), (int)(generated - generatedMark)));
            promptMark = prompt;
            generatedMark = generated;
        }
    }
}
