using DlSim.Llm;
using DlSim.Foundation;

namespace DlSim.Formats.LlmRuns;

/// <summary>Reads an LLM workload in JSON Lines: <c>input_toks</c>, <c>output_toks</c> and <c>arrival_time_ns</c> (from the start) per line,
/// in arrival order (other fields, such as token ids, are ignored).</summary>
public static class LlmWorkloadJsonl
{
    public static LlmWorkload Read(string path)
    {
        var requests = new List<LlmRequest>();
        JsonLines.Read(path, "workload file", (line, f) =>
        {
            double arrival = f.Seconds("arrival_time_ns") * 1e-9;
            if (requests.Count > 0 && arrival < requests[^1].ArrivalS)
                throw new InputException(path, line, $"expected arrivals in time order, found {arrival:0.#########} s after {requests[^1].ArrivalS:0.#########} s");
            requests.Add(new LlmRequest(arrival, f.Int("input_toks"), f.Int("output_toks")));
        });
        return new LlmWorkload(requests, path);
    }
}
