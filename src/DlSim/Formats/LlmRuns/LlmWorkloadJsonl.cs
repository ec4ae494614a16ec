using DlSim.Llm;
using DlSim.Foundation;

namespace DlSim.Formats.LlmRuns;

/// <summary>Reads an LLM workload in JSON Lines: <c>input_toks</c>, <c>output_toks</c> and <c>arrival_time_ns</c> (from the start) per line,
/// in arrival order. When every line has the prompt's token ids (<c>input_tok_ids</c>, as many as <c>input_toks</c>), they are kept as
/// block hashes for prefix caching (the ids themselves are not kept); other fields are ignored.</summary>
public static class LlmWorkloadJsonl
{
    public static LlmWorkload Read(string path, int blockSize = LlmEngineConfig.DefaultBlockSize)
    {
        var requests = new List<LlmRequest>();
        var hashes = new List<ulong[]>();
        int withIds = 0, firstWithout = 0;
        var ids = new List<int>();
        JsonLines.Read(path, "workload file", (line, f) =>
        {
            double arrival = f.Seconds("arrival_time_ns") * 1e-9;
            if (requests.Count > 0 && arrival < requests[^1].ArrivalS)
                throw new InputException(path, line, $"expected arrivals in time order, found {arrival:0.#########} s after {requests[^1].ArrivalS:0.#########} s");
            var request = new LlmRequest(arrival, f.Int("input_toks"), f.Int("output_toks"));
            if (f.Has("input_tok_ids"))
            {
                f.Ints("input_tok_ids", ids);
                if (ids.Count != request.InputTokens)
                    throw new InputException(path, line, $"expected {request.InputTokens} token ids in \"input_tok_ids\" (input_toks), found {ids.Count}");
                hashes.Add(PromptBlockHashes.Chain(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(ids), blockSize));
                withIds++;
            }
            else if (firstWithout == 0) firstWithout = line;
            requests.Add(request);
        });
        if (withIds == 0) return new LlmWorkload(requests, path);
        if (withIds < requests.Count) throw new InputException(path, firstWithout, "expected \"input_tok_ids\" on every line or on none, found it missing here");
        return new LlmWorkload(requests, path) { Prompts = new PromptBlockHashes(blockSize, [.. hashes]) };
    }
}
