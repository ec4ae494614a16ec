using System.Runtime.InteropServices;

namespace DlSim.Llm;

/// <summary>The scheduler of a replica: which requests and how many of their tokens go into the next (micro-)batch,
/// their KV blocks, prefix-cache hits and preemptions.</summary>
internal sealed partial class LlmReplica
{
    private void Schedule(MicroBatch batch)
    {
        var scheduled = batch.Sequences;
        batch.Admitted.Clear();
        batch.Preemptions = 0;
        int budget = _config.MaxNumBatchedTokens;
        int i = 0;
        while (i < _running.Count && budget > 0)
        {
            var s = _running[i];
            if (s.InFlight) { i++; continue; }
            int tokens = Math.Min(s.Known - s.Computed, budget);
            bool placed = true;
            while (!Allocate(s, s.Computed + tokens))
            {
                // The newest request not in flight; s itself is one, so there always is one.
                int v = _running.Count - 1;
                while (_running[v].InFlight) v--;
                var victim = _running[v];
                Preempt(v);
                batch.Preemptions++;
                if (victim == s) { placed = false; break; }
            }
            if (!placed) break;
            Take(batch, s, tokens);
            budget -= tokens;
            i++;
        }
        while (_delivered.Count > 0 && budget > 0 && _running.Count < _config.MaxNumSeqs)
        {
            var s = _delivered.First!.Value;
            _delivered.RemoveFirst();
            _running.Add(s);
            s.Running = true;
            Take(batch, s, 1);
            budget -= 1;
            batch.Admitted.Add(s.Index);
        }
        // Requests delivered here need no new blocks; anything else waits for an iteration without preemptions.
        if (batch.Preemptions > 0) return;
        while (_waiting.Count > 0 && budget > 0 && _running.Count < _config.MaxNumSeqs)
        {
            var s = _waiting.First!.Value;
            int freeHits = FindCachedPrefix(s);
            // The whole prompt must fit before a request is admitted (vLLM's full-input reservation); cached blocks
            // taken back from the free queue are no longer free.
            if (_config.BlocksFor(s.Known) - _hits.Count > FreeBlocks - freeHits) break;
            foreach (int block in _hits) { _pool.Touch(block); s.BlockIds.Add(block); }
            s.Registered = _hits.Count;
            s.Computed = _hits.Count * _config.BlockSize;
            s.CachedTokens += s.Computed;
            CachedTokens += s.Computed;
            int tokens = Math.Min(s.Known - s.Computed, budget);
            Allocate(s, s.Computed + tokens);
            _waiting.RemoveFirst();
            _waitingBlocks -= _config.BlocksFor(s.Known);
            _running.Add(s);
            s.Running = true;
            Take(batch, s, tokens);
            budget -= tokens;
            if (s.Preemptions == 0) batch.Admitted.Add(s.Index);
        }
    }

    private static void Take(MicroBatch batch, LlmSequence s, int tokens)
    {
        s.Scheduled = tokens;
        batch.Sequences.Add(s);
    }

    /// <summary>Gives <paramref name="s"/> blocks for its first <paramref name="tokens"/> tokens; with prefix caching,
    /// registers the blocks those tokens fill.</summary>
    private bool Allocate(LlmSequence s, int tokens)
    {
        int need = _config.BlocksFor(tokens) - s.Blocks;
        if (need > FreeBlocks) return false;
        for (int i = 0; i < need; i++) s.BlockIds.Add(_pool.Allocate());
        if (_config.PrefixCaching)
            for (int full = tokens / _config.BlockSize; s.Registered < full; s.Registered++)
                _pool.Register(s.BlockIds[s.Registered], s.HashOf(s.Registered));
        return true;
    }

    /// <summary>Fills <see cref="_hits"/> with the longest run of cached blocks matching <paramref name="s"/>'s tokens
    /// (at most its full blocks before the last token, which is always computed); returns how many of them are free.</summary>
    private int FindCachedPrefix(LlmSequence s)
    {
        _hits.Clear();
        if (!_config.PrefixCaching || s.Computed > 0) return 0;
        int free = 0;
        for (int b = 0, most = (s.Known - 1) / _config.BlockSize; b < most; b++)
        {
            if (!_pool.TryFind(s.HashOf(b), out int block)) break;
            _hits.Add(block);
            if (_pool.IsFree(block)) free++;
        }
        return free;
    }


    private void Preempt(int index)
    {
        var s = _running[index];
        _running.RemoveAt(index);
        _pool.Release(s.BlockIds);
        s.Registered = 0;
        s.Computed = 0;
        s.Running = false;
        s.Preemptions++;
        Preemptions++;
        _waiting.AddFirst(s);
        _waitingBlocks += _config.BlocksFor(s.Known);
    }

    private static IterationShape Shape(List<LlmSequence> scheduled)
    {
        int tokens = 0, prefill = 0, decodes = 0;
        long kvPrefill = 0;
        double kvSum = 0, kvMax = 0, kvMin = double.PositiveInfinity;
        foreach (var s in CollectionsMarshal.AsSpan(scheduled))
        {
            tokens += s.Scheduled;
            if (IsDecode(s))
            {
                decodes++;
                kvSum += s.Computed;
                kvMax = Math.Max(kvMax, s.Computed);
                kvMin = Math.Min(kvMin, s.Computed);
            }
            else
            {
                prefill += s.Scheduled;
                kvPrefill += s.Computed;
            }
        }
        double mean = decodes > 0 ? kvSum / decodes : 0;
        return new IterationShape(tokens, scheduled.Count, prefill, kvPrefill, decodes, mean, kvMax, decodes > 0 ? kvMin : 0);
    }

    /// <summary>A decode computes the one token generated last; anything else (a prompt chunk, a recomputation) is a prefill.</summary>
    private static bool IsDecode(LlmSequence s) => s.Generated > 0 && s.Computed == s.Known - 1 && s.Scheduled == 1;
}
