namespace DlSim.Llm;

/// <summary>A shared group's run: each model's own run (records, samples, counters) and the GPU time each took.</summary>
/// <param name="Runs">One per model, in the group's order; request records name replica 0 (each model has one engine).</param>
/// <param name="GpuBusyS">Seconds of GPU time each model's iterations took.</param>
/// <param name="EndS">When the group's last event happened.</param>
public sealed record LlmSharedRunResult(IReadOnlyList<LlmRunResult> Runs, IReadOnlyList<double> GpuBusyS, double EndS);

/// <summary>
/// Several models on one GPU group: each keeps its own vLLM-like engine (scheduler, KV blocks), but the group runs one
/// iteration at a time. When an iteration ends, the group's <see cref="LlmShareOrder"/> picks the next model among those
/// with work to schedule; a request arriving at an idle group starts its model at once. Events at one instant: the
/// iteration end first, then arrivals (models in the group's order). With one model this is
/// <see cref="LlmSimulation"/> with one replica, event for event.
/// </summary>
public static class LlmSharedSimulation
{
    public static LlmSharedRunResult Run(LlmGpuGroup group, Action<LlmIterationRecord>? observe = null) => Run(group, observe, null);

    /// <param name="observe">Called after every iteration; its <see cref="LlmIterationRecord.Replica"/> is the model's index in the group.</param>
    /// <param name="inspect">Called with a model's engine after each of its iterations (for checks of its internal state).</param>
    internal static LlmSharedRunResult Run(LlmGpuGroup group, Action<LlmIterationRecord>? observe, Action<LlmReplica>? inspect)
    {
        int count = group.Models.Count;
        if (count == 0) throw new ArgumentException("at least one model", nameof(group));
        var models = new ModelRun[count];
        for (int m = 0; m < count; m++) models[m] = new ModelRun(m, group.Models[m]);
        double origin = double.PositiveInfinity;
        foreach (var model in models) if (model.Requests.Count > 0) origin = Math.Min(origin, model.Requests[0].ArrivalS);
        if (double.IsPositiveInfinity(origin)) origin = 0;
        foreach (var model in models) model.Origin = origin;
        var busyS = new double[count];
        int running = -1, turn = count - 1;
        double nextSample = origin + 1, now = origin, started = 0;
        while (true)
        {
            double end = running >= 0 ? models[running].Engine.IterationEnd : double.PositiveInfinity;
            int arriving = -1;
            double arrival = double.PositiveInfinity;
            for (int m = 0; m < count; m++)
                if (models[m].NextArrival < arrival) { arrival = models[m].NextArrival; arriving = m; }
            if (running < 0 && arriving < 0) break;
            double t = Math.Min(end, arrival);
            while (nextSample <= t)
            {
                LlmRunLength.Check(nextSample - origin, $"GPU group \"{group.Name}\"");
                foreach (var model in models) model.Sample(nextSample);
                nextSample += 1;
            }
            now = t;
            if (running >= 0 && end <= arrival)
            {
                var done = models[running];
                done.Engine.Finish(done.Token, observe);
                inspect?.Invoke(done.Engine);
                busyS[running] += end - started;
                turn = running;
                running = Next(models, group.Order, busyS, turn, now);
                started = now;
                continue;
            }
            var arrived = models[arriving];
            arrived.Arrive();
            if (running < 0 && arrived.Engine.TryStart(now))
            {
                running = arriving;
                started = now;
            }
        }
        foreach (var model in models) model.Sample(nextSample);
        return new LlmSharedRunResult([.. models.Select(m => m.Result(now))], busyS, now);
    }

    /// <summary>Starts the next model's iteration at <paramref name="now"/>: the first in the order's preference that has work; -1 when none has.</summary>
    private static int Next(ModelRun[] models, LlmShareOrder order, double[] busyS, int last, double now)
    {
        int count = models.Length;
        if (order == LlmShareOrder.RoundRobin)
        {
            for (int k = 1; k <= count; k++)
            {
                int m = (last + k) % count;
                if (models[m].Engine.TryStart(now)) return m;
            }
            return -1;
        }
        // Least GPU time: try the models from the least served up (ties in turn order); scheduling has no side
        // effect on a model with nothing to run, so a model that cannot start is simply passed over.
        Span<bool> tried = count <= 64 ? stackalloc bool[count] : new bool[count];
        for (int attempt = 0; attempt < count; attempt++)
        {
            int best = -1;
            for (int k = 1; k <= count; k++)
            {
                int m = (last + k) % count;
                if (!tried[m] && (best < 0 || busyS[m] < busyS[best])) best = m;
            }
            tried[best] = true;
            if (models[best].Engine.TryStart(now)) return best;
        }
        return -1;
    }

    /// <summary>One model's engine, requests and what it recorded.</summary>
    private sealed class ModelRun
    {
        private readonly LlmEngineConfig _config;
        private readonly PromptBlockHashes? _prompts;
        private readonly double[] _first, _last;
        private readonly int[] _replicaOf;
        private readonly LlmSequence?[] _sequences;
        private readonly List<double> _itl;
        private readonly List<LlmSample> _samples = [];
        private int _next, _rejected;
        private long _promptMark, _generatedMark;

        public ModelRun(int index, LlmSharedModel model)
        {
            _config = model.Deployment.Engine;
            Requests = model.Workload.Requests;
            _prompts = _config.PrefixCaching ? model.Workload.Prompts : null;
            if (_prompts is not null && (_prompts.BlockSize != _config.BlockSize || _prompts.Count != Requests.Count))
                throw new ArgumentException($"{model.Name}: the prompts' block hashes do not match the workload and engine", nameof(model));
            // One iteration at a time on the shared GPUs: a model shares them as one stage.
            if (model.Deployment.PipelineParallel != 1)
                throw new ArgumentException($"{model.Name}: a model sharing GPUs runs as one pipeline stage, found {model.Deployment.PipelineParallel}", nameof(model));
            Engine = new LlmReplica(index, _config, model.Deployment.StageTiming());
            _first = new double[Requests.Count];
            _last = new double[Requests.Count];
            _replicaOf = new int[Requests.Count];
            _sequences = new LlmSequence?[Requests.Count];
            long gaps = 0;
            foreach (var q in Requests) gaps += Math.Max(0, q.OutputTokens - 1);
            _itl = new List<double>((int)Math.Min(gaps, Array.MaxLength));
            Array.Fill(_first, double.NaN);
            Array.Fill(_last, double.NaN);
            Token = OnToken;
        }

        public IReadOnlyList<LlmRequest> Requests { get; }
        public LlmReplica Engine { get; }
        public Action<LlmSequence, double> Token { get; }
        public double Origin { get; set; }
        public double NextArrival => _next < Requests.Count ? Requests[_next].ArrivalS : double.PositiveInfinity;

        /// <summary>The next request arrives: refused when it could never fit in this model's KV cache, else queued.</summary>
        public void Arrive()
        {
            var request = Requests[_next];
            int index = _next++;
            if (_config.BlocksFor(request.InputTokens + request.OutputTokens - 1) > _config.KvBlocks)
            {
                _rejected++;
                _replicaOf[index] = -1;
                return;
            }
            var sequence = new LlmSequence(index, request, _prompts?.Shared(index));
            _sequences[index] = sequence;
            Engine.Add(sequence);
        }

        private void OnToken(LlmSequence s, double now)
        {
            if (s.Generated == 1) _first[s.Index] = now;
            else _itl.Add(now - _last[s.Index]);
            _last[s.Index] = now;
        }

        public void Sample(double at)
        {
            long prompt = Engine.PromptTokensDone, generated = Engine.TokensGenerated;
            double kv = (double)Engine.UsedBlocks / _config.KvBlocks;
            _samples.Add(new LlmSample(at - Origin, Engine.Running, Engine.Waiting, kv, (int)(prompt - _promptMark), (int)(generated - _generatedMark)));
            _promptMark = prompt;
            _generatedMark = generated;
        }

        public LlmRunResult Result(double end)
        {
            var records = new LlmRequestRecord[Requests.Count];
            for (int i = 0; i < records.Length; i++)
            {
                var q = Requests[i];
                records[i] = new LlmRequestRecord(q.ArrivalS, _first[i], _last[i], q.InputTokens, q.OutputTokens, _replicaOf[i],
                    _sequences[i]?.Preemptions ?? 0, _replicaOf[i] < 0);
            }
            return new LlmRunResult(records, _samples, Engine.Iterations, Engine.Preemptions, _rejected, end, _itl, Engine.CachedTokens);
        }
    }
}
