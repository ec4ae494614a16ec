namespace DlSim.Llm;

/// <summary>Prefill/decode disaggregation: prefill replicas compute prompts (the first token comes out there), then
/// each request's prompt KV goes over a link to a decode replica, which generates the rest.</summary>
/// <param name="Prefill">The prefill replicas (engine, count, router for arrivals).</param>
/// <param name="DecodeReplicas">Decode replicas, with the same model, timing and engine limits as the prefill ones.</param>
/// <param name="DecodeKvBlocks">KV cache blocks of each decode replica.</param>
/// <param name="LinkBytesPerS">Bandwidth of the link one transfer uses (bytes per second).</param>
/// <param name="LinkLatencyS">Fixed time added to every transfer (seconds).</param>
public sealed record LlmDisaggregation(LlmDeployment Prefill, int DecodeReplicas, int DecodeKvBlocks, double LinkBytesPerS, double LinkLatencyS = 0)
{
    /// <summary>Prompt KV bytes one GPU of a tensor-parallel group sends for <paramref name="promptTokens"/> tokens; with
    /// pipeline stages, a GPU of the stage with the most layers (every stage sends its own layers' KV at once).</summary>
    public long TransferBytes(int promptTokens) =>
        promptTokens * Prefill.Model.KvBytesPerTokenPerGpu(Prefill.TensorParallel, Prefill.Model.MostStageLayers(Prefill.PipelineParallel));

    /// <summary>Time to send <paramref name="bytes"/> bytes: bytes over bandwidth, plus the latency.</summary>
    public double TransferSeconds(long bytes) => bytes / LinkBytesPerS + LinkLatencyS;
}

/// <summary>One request's KV transfer from a prefill replica to a decode replica.</summary>
/// <param name="ReadyS">When its prefill ended (first token out) and it asked for decode blocks.</param>
/// <param name="StartS">When the decode replica had blocks for it and sending began.</param>
/// <param name="EndS">When the KV arrived.</param>
public readonly record struct LlmTransferRecord(int Request, int PrefillReplica, int DecodeReplica, long Bytes, double ReadyS, double StartS, double EndS)
{
    public double SendS => EndS - StartS;
    public double QueuedS => StartS - ReadyS;
}

/// <summary>A disaggregated run: the usual run result plus every KV transfer (requests whose output is one token
/// finish on the prefill side and send nothing).</summary>
public sealed record LlmDisaggregatedRunResult(LlmRunResult Run, IReadOnlyList<LlmTransferRecord> Transfers);

/// <summary>Discrete-event simulation of prefill/decode disaggregation. Arrivals go to a prefill replica (router of the
/// prefill deployment); when a request's first token comes out there, the same router picks a decode replica, where it
/// queues (first come, first served) until blocks for its prompt KV and next token are free; then the KV is sent
/// (bytes over bandwidth plus latency, each transfer at the link's full bandwidth), the prefill replica keeping its
/// blocks until the KV has arrived. Replica ids: prefill replicas first, then decode replicas. Events at one instant:
/// iteration ends first (lowest replica first), then transfer ends (in the order they started), then arrivals.</summary>
public static class LlmDisaggregatedSimulation
{
    public static LlmDisaggregatedRunResult Run(LlmWorkload workload, LlmDisaggregation setup, Action<LlmIterationRecord>? observe = null) =>
        Run(workload, setup, observe, null);

    /// <param name="inspect">Called with every replica after each event (for checks of their internal state).</param>
    internal static LlmDisaggregatedRunResult Run(LlmWorkload workload, LlmDisaggregation setup, Action<LlmIterationRecord>? observe, Action<LlmReplica>? inspect)
    {
        var deployment = setup.Prefill;
        if (deployment.Replicas < 1 || setup.DecodeReplicas < 1) throw new ArgumentException("at least one prefill and one decode replica", nameof(setup));
        if (setup.DecodeKvBlocks < 1) throw new ArgumentException("decode replicas need KV blocks", nameof(setup));
        if (!(setup.LinkBytesPerS > 0) || !(setup.LinkLatencyS >= 0)) throw new ArgumentException("a link bandwidth > 0 and a latency ≥ 0", nameof(setup));
        var engine = deployment.Engine;
        var decodeEngine = engine with { KvBlocks = setup.DecodeKvBlocks, PrefixCaching = false };
        var prompts = engine.PrefixCaching ? workload.Prompts : null;
        if (prompts is not null && (prompts.BlockSize != engine.BlockSize || prompts.Count != workload.Count))
            throw new ArgumentException($"the prompts' block hashes ({prompts.Count} requests, blocks of {prompts.BlockSize}) do not match the workload ({workload.Count} requests) and engine (blocks of {engine.BlockSize})", nameof(workload));
        var requests = workload.Requests;
        var first = new double[requests.Count];
        var last = new double[requests.Count];
        var replicaOf = new int[requests.Count];
        var prefillSeq = new LlmSequence?[requests.Count];
        var decodeSeq = new LlmSequence?[requests.Count];
        var transfers = new List<LlmTransferRecord>();
        var itl = new List<double>();
        Array.Fill(first, double.NaN);
        Array.Fill(last, double.NaN);

        int nPrefill = deployment.Replicas;
        var handedOff = new List<LlmSequence>();
        var stages = deployment.StageTiming();
        var prefill = new LlmReplica[nPrefill];
        for (int r = 0; r < nPrefill; r++) prefill[r] = new LlmReplica(r, engine, stages, handedOff.Add);
        var decode = new LlmReplica[setup.DecodeReplicas];
        for (int r = 0; r < decode.Length; r++) decode[r] = new LlmReplica(nPrefill + r, decodeEngine, stages);
        var all = prefill.Concat(decode).ToArray();
        // Per decode replica: requests routed there waiting for blocks (request index, ready time).
        var pending = decode.Select(_ => new Queue<(int Request, double ReadyS)>()).ToArray();
        var inFlight = new PriorityQueue<int, (double EndS, int Order)>();
        int rejected = 0, next = 0;
        // Separate streams, so the decode choices do not shift the prefill ones.
        var prefillRouter = new LlmRouter(deployment.Routing, deployment.Seed);
        var decodeRouter = new LlmRouter(deployment.Routing, deployment.Seed + 1);
        var pendingCount = new int[decode.Length];
        var pendingBlocks = new long[decode.Length];
        double origin = requests.Count > 0 ? requests[0].ArrivalS : 0;
        double nextSample = origin + 1;
        var samples = new List<LlmSample>();
        long promptMark = 0, generatedMark = 0;
        long totalBlocks = (long)engine.KvBlocks * nPrefill + (long)setup.DecodeKvBlocks * decode.Length;

        void Token(LlmSequence s, double at)
        {
            if (s.Generated == 1) first[s.Index] = at;
            else itl.Add(at - last[s.Index]);
            last[s.Index] = at;
        }

        double now = origin;
        void StartTransfers(int d)
        {
            var queue = pending[d];
            while (queue.Count > 0)
            {
                var (index, ready) = queue.Peek();
                var s = decodeSeq[index]!;
                if (!decode[d].TryReserve(s)) break;
                queue.Dequeue();
                pendingCount[d]--;
                pendingBlocks[d] -= decodeEngine.BlocksFor(s.Prompt + 1);
                long bytes = setup.TransferBytes(s.Prompt);
                double end = now + setup.TransferSeconds(bytes);
                transfers.Add(new LlmTransferRecord(index, replicaOf[index], decode[d].Id, bytes, ready, now, end));
                inFlight.Enqueue(transfers.Count - 1, (end, transfers.Count - 1));
            }
        }

        while (true)
        {
            int busy = -1;
            double end = double.PositiveInfinity;
            for (int r = 0; r < all.Length; r++)
                if (all[r].Busy && all[r].IterationEnd < end) { end = all[r].IterationEnd; busy = r; }
            double arrives = inFlight.TryPeek(out _, out var landing) ? landing.EndS : double.PositiveInfinity;
            double arrival = next < requests.Count ? requests[next].ArrivalS : double.PositiveInfinity;
            double t = Math.Min(end, Math.Min(arrives, arrival));
            if (double.IsPositiveInfinity(t)) break;
            while (nextSample <= t)
            {
                LlmRunLength.Check(nextSample - origin, workload.Source);
                Sample(nextSample);
                nextSample += 1;
            }
            now = t;
            if (busy >= 0 && end <= arrives && end <= arrival)
            {
                var replica = all[busy];
                replica.Finish(Token, observe);
                foreach (var s in handedOff)
                {
                    int d = decodeRouter.Choose(decode, pendingCount, pendingBlocks);
                    decodeSeq[s.Index] = new LlmSequence(s.Index, requests[s.Index]);
                    pending[d].Enqueue((s.Index, now));
                    pendingCount[d]++;
                    pendingBlocks[d] += decodeEngine.BlocksFor(s.Prompt + 1);
                }
                handedOff.Clear();
                replica.TryStart(now);
                for (int d = 0; d < decode.Length; d++)
                {
                    StartTransfers(d);
                    decode[d].TryStart(now);
                }
            }
            else if (arrives <= arrival)
            {
                var record = transfers[inFlight.Dequeue()];
                var source = prefill[record.PrefillReplica];
                var target = decode[record.DecodeReplica - nPrefill];
                source.ReleaseHandedOff(prefillSeq[record.Request]!);
                target.Deliver(decodeSeq[record.Request]!);
                source.TryStart(now);
                target.TryStart(now);
            }
            else
            {
                var request = requests[next];
                int index = next++;
                if (engine.BlocksFor(request.InputTokens) > engine.KvBlocks
                    || (request.OutputTokens > 1 && decodeEngine.BlocksFor(request.InputTokens + request.OutputTokens - 1) > decodeEngine.KvBlocks))
                {
                    rejected++;
                    replicaOf[index] = -1;
                    continue;
                }
                var replica = prefill[prefillRouter.Choose(prefill)];
                replicaOf[index] = replica.Id;
                var sequence = new LlmSequence(index, request, prompts?.Shared(index));
                prefillSeq[index] = sequence;
                replica.Add(sequence);
                if (!replica.Busy) replica.TryStart(now);
            }
            if (inspect is not null) foreach (var r in all) inspect(r);
        }
        Sample(nextSample);
        for (int i = 0; i < requests.Count; i++)
            if (replicaOf[i] >= 0 && double.IsNaN(last[i]))
                throw new InvalidOperationException($"request {i} never finished: the disaggregated engines stalled");

        var records = new LlmRequestRecord[requests.Count];
        for (int i = 0; i < records.Length; i++)
        {
            var q = requests[i];
            int preemptions = (prefillSeq[i]?.Preemptions ?? 0) + (decodeSeq[i]?.Preemptions ?? 0);
            records[i] = new LlmRequestRecord(q.ArrivalS, first[i], last[i], q.InputTokens, q.OutputTokens, replicaOf[i], preemptions, replicaOf[i] < 0);
        }
        var run = new LlmRunResult(records, samples, all.Sum(r => r.Iterations), all.Sum(r => r.Preemptions), rejected, now, itl,
            all.Sum(r => r.CachedTokens));
        return new LlmDisaggregatedRunResult(run, transfers);

        void Sample(double at)
        {
            long prompt = all.Sum(r => r.PromptTokensDone), generated = all.Sum(r => r.TokensGenerated);
            double kv = all.Sum(r => (double)r.UsedBlocks) / totalBlocks;
            samples.Add(new LlmSample(at - origin, all.Sum(r => r.Running), all.Sum(r => r.Waiting), kv,
                (int)(prompt - promptMark), (int)(generated - generatedMark)));
            promptMark = prompt;
            generatedMark = generated;
        }
    }
}

/// <summary>KV transfers summarized: how many, bytes, time on the link, time queued for decode blocks.</summary>
public sealed record LlmTransferStatistics(int Count, double MeanBytes, long TotalBytes, LatencySummary Send, LatencySummary Queued)
{
    public static LlmTransferStatistics Of(IReadOnlyList<LlmTransferRecord> transfers) => new(
        transfers.Count, transfers.Count > 0 ? transfers.Average(t => (double)t.Bytes) : 0, transfers.Sum(t => t.Bytes),
        LatencySummary.Of(transfers.Select(t => t.SendS)), LatencySummary.Of(transfers.Select(t => t.QueuedS)));
}
