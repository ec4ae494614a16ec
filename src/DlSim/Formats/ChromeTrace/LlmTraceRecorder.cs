using System.Globalization;
using DlSim.Llm;

namespace DlSim.Formats.ChromeTrace;

/// <summary>
/// A Chrome/Perfetto trace of an LLM run, streamed as iterations end. One process per replica (its GPU group):
/// thread 0 holds one slice per engine iteration (named prefill, decode or mixed; args: tokens, prefill tokens, decode
/// sequences, KV blocks used, preemptions, …) and counter tracks follow its running and waiting requests and KV
/// blocks used (written when they change). With pipeline parallelism micro-batches overlap, so each stage has its own
/// thread (1 + stage, named "stage k") with one slice per micro-batch instead. <see cref="Finish"/> adds, for the first requests by arrival, an async
/// track per request (<c>request</c>: arrival to last token, holding <c>to first token</c>: arrival to first token),
/// KV transfers of a disaggregated run, and refused requests as instant events, then renames the file into place.
/// </summary>
public sealed class LlmTraceRecorder : IDisposable
{
    /// <summary>Default of how many requests get async slices: enough to read a run, small enough for the UI.</summary>
    public const int DefaultRequestSlices = 2000;

    private readonly ChromeTraceWriter _writer;
    private readonly int[] _running, _waiting, _blocks, _stageThreads;
    private readonly int _refusedPid;

    /// <param name="replicaNames">Per replica id, the name of its process (e.g. "replica 0: GPUs 0–1 (tp2)").</param>
    public LlmTraceRecorder(string path, IReadOnlyList<string> replicaNames)
    {
        _writer = new ChromeTraceWriter(path);
        for (int r = 0; r < replicaNames.Count; r++)
        {
            _writer.ProcessName(r, replicaNames[r]);
            _writer.ThreadName(r, 0, "iterations");
        }
        _running = new int[replicaNames.Count];
        _waiting = new int[replicaNames.Count];
        _blocks = new int[replicaNames.Count];
        _stageThreads = new int[replicaNames.Count];
        Array.Fill(_running, -1);
        Array.Fill(_waiting, -1);
        Array.Fill(_blocks, -1);
        _refusedPid = replicaNames.Count;
    }

    /// <summary>Iteration slices written so far.</summary>
    public long Iterations { get; private set; }

    /// <summary>For the simulation's observer: one iteration's slice, and the counters it changed.</summary>
    public void Record(LlmIterationRecord it)
    {
        var shape = it.Shape;
        string name = shape.Decodes == 0 ? "prefill" : shape.PrefillTokens == 0 ? "decode" : "mixed";
        if (it.Stages is { } stages)
            for (int stage = 0; stage < stages.Count; stage++)
            {
                for (; _stageThreads[it.Replica] <= stage; _stageThreads[it.Replica]++)
                    _writer.ThreadName(it.Replica, 1 + _stageThreads[it.Replica], $"stage {_stageThreads[it.Replica]}");
                _writer.BeginSlice(name, it.Replica, 1 + stage, stages[stage].StartS, stages[stage].EndS);
                WriteArgs(it);
            }
        else
        {
            _writer.BeginSlice(name, it.Replica, 0, it.StartS, it.EndS);
            WriteArgs(it);
        }
        Counters(it);
        Iterations++;
    }

    private void WriteArgs(LlmIterationRecord it)
    {
        var shape = it.Shape;
        _writer.Arg("tokens"u8, shape.Tokens);
        _writer.Arg("prefill_tokens"u8, shape.PrefillTokens);
        _writer.Arg("decode_seqs"u8, shape.Decodes);
        _writer.Arg("sequences"u8, shape.Sequences);
        _writer.Arg("admitted"u8, it.Admitted.Count);
        _writer.Arg("preemptions"u8, it.Preemptions);
        _writer.Arg("tokens_emitted"u8, it.TokensEmitted);
        _writer.Arg("kv_blocks_used"u8, it.UsedBlocks);
        _writer.Arg("kv_blocks"u8, it.TotalBlocks);
        _writer.EndEvent();
    }

    private void Counters(LlmIterationRecord it)
    {
        int r = it.Replica;
        if (it.RunningAfter != _running[r] || it.WaitingAfter != _waiting[r])
        {
            _running[r] = it.RunningAfter;
            _waiting[r] = it.WaitingAfter;
            _writer.BeginCounter("requests", r, it.EndS);
            _writer.Arg("running"u8, it.RunningAfter);
            _writer.Arg("waiting"u8, it.WaitingAfter);
            _writer.EndEvent();
        }
        if (it.UsedBlocks != _blocks[r])
        {
            _blocks[r] = it.UsedBlocks;
            _writer.BeginCounter("KV blocks used", r, it.EndS);
            _writer.Arg("used"u8, it.UsedBlocks);
            _writer.EndEvent();
        }
    }

    /// <summary>Writes the per-request slices (at most <paramref name="requestSlices"/> requests, the first by arrival),
    /// the KV transfers of those requests and every refused request, then commits the file.</summary>
    public void Finish(LlmRunResult run, IReadOnlyList<LlmTransferRecord>? transfers, int requestSlices)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(requestSlices);
        int shown = Math.Min(requestSlices, run.Requests.Count);
        for (int i = 0; i < shown; i++)
        {
            var q = run.Requests[i];
            if (q.Rejected || double.IsNaN(q.LastTokenS)) continue;
            _writer.BeginAsync("request", "request"u8, i, begin: true, q.Replica, q.ArrivalS);
            _writer.Arg("request"u8, i);
            _writer.Arg("input_tokens"u8, q.InputTokens);
            _writer.Arg("output_tokens"u8, q.OutputTokens);
            _writer.Arg("preemptions"u8, q.Preemptions);
            _writer.EndEvent();
            _writer.BeginAsync("to first token", "request"u8, i, begin: true, q.Replica, q.ArrivalS);
            _writer.EndEvent();
            _writer.BeginAsync("to first token", "request"u8, i, begin: false, q.Replica, q.FirstTokenS);
            _writer.EndEvent();
            _writer.BeginAsync("request", "request"u8, i, begin: false, q.Replica, q.LastTokenS);
            _writer.EndEvent();
        }
        if (transfers is not null)
            foreach (var t in transfers)
            {
                if (t.Request >= shown) continue;
                _writer.BeginAsync("KV transfer", "kv_transfer"u8, t.Request, begin: true, t.DecodeReplica, t.ReadyS);
                _writer.Arg("request"u8, t.Request);
                _writer.Arg("from_replica"u8, t.PrefillReplica);
                _writer.Arg("bytes"u8, t.Bytes);
                _writer.Arg("queued_s"u8, t.QueuedS);
                _writer.EndEvent();
                _writer.BeginAsync("KV transfer", "kv_transfer"u8, t.Request, begin: false, t.DecodeReplica, t.EndS);
                _writer.EndEvent();
            }
        bool named = false;
        for (int i = 0; i < run.Requests.Count; i++)
        {
            if (!run.Requests[i].Rejected) continue;
            if (!named)
            {
                _writer.ProcessName(_refusedPid, "router (refused requests)");
                _writer.ThreadName(_refusedPid, 0, "refused: longer than the KV cache");
                named = true;
            }
            _writer.Instant(string.Create(CultureInfo.InvariantCulture, $"refused r{i}"), _refusedPid, 0, run.Requests[i].ArrivalS, i);
        }
        _writer.Commit();
    }

    public void Dispose() => _writer.Dispose();
}
