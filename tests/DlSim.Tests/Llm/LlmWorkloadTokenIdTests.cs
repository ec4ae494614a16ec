using System.Text;
using DlSim.Formats;
using DlSim.Formats.LlmWorkloads;
using DlSim.Foundation;
using DlSim.Llm;
using Xunit;

namespace DlSim.Tests.Llm;

/// <summary>The JSONL reader with a block size: prompts' token ids become block hashes (prefix caching), checked line by line.</summary>
public class LlmWorkloadTokenIdTests
{
    private static LlmWorkload Read(string text, int? blockSize = 2) =>
        LlmWorkloadJsonl.Read(new MemoryStream(Encoding.UTF8.GetBytes(text)), "w.jsonl", blockSize);

    private static string[] Errors(string text) => [.. Assert.Throws<InputException>(() => Read(text)).Errors.Select(e => e.ToString())];

    [Fact]
    public void Token_ids_become_the_hash_chain_of_each_prompts_full_blocks_wherever_they_sit_in_the_line()
    {
        var w = Read("{\"input_tok_ids\": [5, 6, 7, 8, 9], \"input_toks\": 5, \"output_toks\": 2, \"arrival_time_ns\": 0}\n" +
                     "{\"input_toks\": 4, \"output_toks\": 1, \"arrival_time_ns\": 10, \"input_tok_ids\": [5, 6, 1, 2]}\n");
        Assert.NotNull(w.Prompts);
        Assert.Equal(2, w.Prompts.BlockSize);
        Assert.Equal(PromptBlockHashes.Chain([5, 6, 7, 8, 9], 2), w.Prompts.Of(0).ToArray());
        Assert.Equal(PromptBlockHashes.Chain([5, 6, 1, 2], 2), w.Prompts.Of(1).ToArray());
        // The shared first block hashes alike, the rest differs.
        Assert.Equal(w.Prompts.Of(0)[0], w.Prompts.Of(1)[0]);
        Assert.NotEqual(w.Prompts.Of(0)[1], w.Prompts.Of(1)[1]);
    }

    [Fact]
    public void Without_a_block_size_or_without_ids_no_hashes_are_kept_and_the_requests_are_the_same()
    {
        const string text = "{\"input_tok_ids\": [5, 6, 7], \"input_toks\": 3, \"output_toks\": 2, \"arrival_time_ns\": 123456789}\n";
        Assert.Null(Read(text, null).Prompts);
        Assert.Equal(Read(text, null).Requests, Read(text).Requests);
        Assert.Null(Read("{\"input_toks\": 3, \"output_toks\": 2, \"arrival_time_ns\": 0}\n").Prompts);
    }

    [Fact]
    public void Bad_ids_are_reported_per_line_together()
    {
        var errors = Errors(
            "{\"input_toks\": 3, \"output_toks\": 2, \"arrival_time_ns\": 0, \"input_tok_ids\": [1, 2]}\n" +
            "{\"input_toks\": 2, \"output_toks\": 2, \"arrival_time_ns\": 0, \"input_tok_ids\": [1, -2]}\n" +
            "{\"input_toks\": 2, \"output_toks\": 2, \"arrival_time_ns\": 0, \"input_tok_ids\": \"1 2\"}\n");
        Assert.Equal(
        [
            "w.jsonl:1: expected 3 token ids in \"input_tok_ids\" (input_toks), found 2",
            "w.jsonl:2: expected input_tok_ids to hold whole numbers ≥ 0, found \"-2\"",
            "w.jsonl:3: expected input_tok_ids an array of token ids, found the string \"1 2\"",
        ], errors);
    }

    [Fact]
    public void Ids_on_some_lines_only_are_refused_at_the_first_line_without()
    {
        var errors = Errors(
            "{\"input_toks\": 2, \"output_toks\": 2, \"arrival_time_ns\": 0, \"input_tok_ids\": [1, 2]}\n" +
            "{\"input_toks\": 2, \"output_toks\": 2, \"arrival_time_ns\": 0}\n");
        Assert.Equal(["w.jsonl:2: expected \"input_tok_ids\" on every line or on none, found it missing here"], errors);
    }

    [Fact]
    public void The_reference_workload_reads_the_same_requests_with_and_without_hashing()
    {
        string path = Path.Combine(LlmTestData.Root, "workloads", "sharegpt-llama-3.1-8b-300-sps10.jsonl");
        var hashed = LlmWorkloadFiles.Read(path, 16);
        Assert.Equal(LlmWorkloadFiles.Read(path).Requests, hashed.Requests);
        Assert.Equal(300, hashed.Prompts!.Count);
        Assert.Equal(hashed.Requests[7].InputTokens / 16, hashed.Prompts.Of(7).Length);
    }
}
