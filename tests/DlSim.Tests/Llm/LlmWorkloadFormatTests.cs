using System.Text;
using Xunit;
using DlSim.Formats;
using DlSim.Formats.AzureLlm;
using DlSim.Formats.LlmWorkloads;
using DlSim.Foundation;
using DlSim.Llm;

namespace DlSim.Tests.Llm;

/// <summary>The JSONL and Azure LLM readers: what they accept, what they refuse and how they say it.</summary>
public class LlmWorkloadFormatTests
{
    private static LlmWorkload Jsonl(string text) => LlmWorkloadJsonl.Read(new MemoryStream(Encoding.UTF8.GetBytes(text)), "w.jsonl");

    private static LlmWorkload Azure(string text) => AzureLlmTraceCsv.Read(new StringReader(text), "t.csv");

    private static string ErrorOf(Action read) => Assert.Throws<InputException>(read).Errors[0].ToString();

    [Fact]
    public void Jsonl_skips_other_fields_and_blank_lines()
    {
        var w = Jsonl("{\"input_tok_ids\": [1, 2, [3]], \"input_toks\": 3, \"x\": {\"y\": \"z\"}, \"output_toks\": 2, \"arrival_time_ns\": 1500000000}\n\n" +
                      "{\"arrival_time_ns\":2000000000,\"output_toks\":1,\"input_toks\":7}\r\n");
        Assert.Equal([new LlmRequest(1.5, 3, 2), new LlmRequest(2.0, 7, 1)], w.Requests);
    }

    [Theory]
    [InlineData("{\"input_toks\": 3, \"output_toks\": 2}", "w.jsonl:1: expected input_toks, output_toks and arrival_time_ns, found no arrival_time_ns")]
    [InlineData("{\"input_toks\": 0, \"output_toks\": 2, \"arrival_time_ns\": 0}", "w.jsonl:1: expected input_toks a whole number of tokens from 1 to 16777216, found \"0\"")]
    [InlineData("{\"input_toks\": 3.5, \"output_toks\": 2, \"arrival_time_ns\": 0}", "w.jsonl:1: expected input_toks a whole number of tokens from 1 to 16777216, found \"3.5\"")]
    [InlineData("{\"input_toks\": 3, \"output_toks\": \"2\", \"arrival_time_ns\": 0}", "w.jsonl:1: expected output_toks a whole number of tokens from 1 to 16777216, found the string \"2\"")]
    [InlineData("{\"input_toks\": 3, \"output_toks\": 2, \"arrival_time_ns\": -1}", "w.jsonl:1: expected arrival_time_ns a whole number of nanoseconds ≥ 0, found \"-1\"")]
    [InlineData("{\"input_toks\": 3, \"input_toks\": 3, \"output_toks\": 2, \"arrival_time_ns\": 0}", "w.jsonl:1: expected input_toks once, found it twice")]
    [InlineData("[1, 2]", "w.jsonl:1: expected a JSON object with input_toks, output_toks and arrival_time_ns, found an array")]
    [InlineData("{\"input_toks\": 3, \"output_toks\": 2, \"arrival_time_ns\": 0} {}", "w.jsonl:1: expected one JSON object per line, found invalid JSON at byte 59")]
    [InlineData("{\"input_toks\": 3, \"output_toks\": 2, \"arrival_time_ns\": 0", "w.jsonl:1: expected a complete JSON object, found the line cut short")]
    [InlineData("", "w.jsonl: expected at least one request line (input_toks, output_toks and arrival_time_ns), found none")]
    public void Jsonl_bad_lines_say_where_and_what_was_expected(string line, string expected) => Assert.Equal(expected, ErrorOf(() => Jsonl(line)));

    [Fact]
    public void Jsonl_requires_arrival_order_and_reports_all_bad_lines()
    {
        var e = Assert.Throws<InputException>(() => Jsonl(
            "{\"input_toks\": 1, \"output_toks\": 1, \"arrival_time_ns\": 5}\n" +
            "{\"input_toks\": 1, \"output_toks\": 1, \"arrival_time_ns\": 4}\n" +
            "nonsense\n"));
        Assert.Equal(2, e.Errors.Count);
        Assert.Equal("w.jsonl:2: expected arrival_time_ns ≥ the previous request's (5: requests in arrival order), found 4", e.Errors[0].ToString());
        Assert.Equal(3, e.Errors[1].Line);
    }

    [Fact]
    public void Jsonl_refuses_invalid_utf8_without_echoing_it()
    {
        var bytes = "{\"input_toks\": 1, \"output_toks\": 1, \"arrival_time_ns\": 5, \"p\": \"X\"}"u8.ToArray();
        bytes[^3] = 0xFF;
        var e = Assert.Throws<InputException>(() => LlmWorkloadJsonl.Read(new MemoryStream(bytes), "w.jsonl"));
        Assert.Equal("w.jsonl:1: expected UTF-8 text, found a byte that is not", e.Errors[0].ToString());
    }

    [Fact]
    public void Written_jsonl_reads_back_to_the_same_requests_and_the_same_bytes()
    {
        var original = LlmWorkloadJsonl.Read(LlmReference.ShareGpt);
        using var dir = new TempDir();
        string path = dir.File("copy.jsonl");
        LlmWorkloadFiles.Write(original, path);
        var copy = LlmWorkloadFiles.Read(path);
        Assert.Equal(original.Requests, copy.Requests);
        string again = dir.File("again.jsonl");
        LlmWorkloadFiles.Write(copy, again);
        Assert.Equal(File.ReadAllBytes(path), File.ReadAllBytes(again));
        Assert.StartsWith("{\"input_toks\": 2358, \"output_toks\": 531, \"arrival_time_ns\": 46926808}\n", File.ReadAllText(path));
    }

    [Fact]
    public void Writing_to_a_csv_name_is_refused()
    {
        using var dir = new TempDir();
        string path = dir.File("w.csv");
        Assert.Contains("expected a .jsonl file name", ErrorOf(() => LlmWorkloadFiles.Write(Jsonl("{\"input_toks\": 1, \"output_toks\": 1, \"arrival_time_ns\": 5}"), path)));
        Assert.False(File.Exists(path));
    }

    [Fact]
    public void Azure_reads_fractions_of_any_length_offsets_and_quotes()
    {
        var w = Azure("TIMESTAMP,ContextTokens,GeneratedTokens\n" +
                      "2023-11-16 23:59:59.9999999,10,2\n" +
                      "2023-11-17 00:00:00,11,3\n" +
                      "\"2023-11-17 00:00:00.5\",12,4\n" +
                      "2023-11-17 00:00:01.250000+00:00,13,5\n" +
                      "2023-11-17 02:00:02Z,14,6\n" +
                      "2023-11-17 03:00:03.000000+01:00,15,7\n");
        // The last row is 03:00:03 at +01:00, so 02:00:03 UTC: one second after the row before it.
        Assert.Equal([0, 1e-7, 0.5000001, 1.2500001, 7202.0000001, 7203.0000001], w.Requests.Select(r => Math.Round(r.ArrivalS, 7)));
        Assert.Equal([10, 11, 12, 13, 14, 15], w.Requests.Select(r => r.InputTokens));
    }

    [Theory]
    [InlineData("2023-11-16T18:15:46.6805900,1,1", "expected TIMESTAMP as yyyy-MM-dd HH:mm:ss.fffffff")]
    [InlineData("2023-02-29 18:15:46,1,1", "expected TIMESTAMP as")]
    [InlineData("2023-11-16 18:15:46.68059001,1,1", "expected TIMESTAMP as")]
    [InlineData("2023-11-16 18:15:46.,1,1", "expected TIMESTAMP as")]
    [InlineData("2023-11-16 24:00:00,1,1", "expected TIMESTAMP as")]
    [InlineData("2023-11-16 18:15:46,0,1", "expected ContextTokens a whole number of tokens from 1 to 16777216, found \"0\"")]
    [InlineData("2023-11-16 18:15:46,1, 2", "expected GeneratedTokens a whole number of tokens from 1 to 16777216, found \" 2\"")]
    [InlineData("2023-11-16 18:15:46,1,1e3", "expected GeneratedTokens")]
    [InlineData("2023-11-16 18:15:46,1", "expected 3 columns (TIMESTAMP,ContextTokens,GeneratedTokens), found 2")]
    [InlineData("\"2023-11-16 18:15:46,1,1", "expected closed quotes")]
    public void Azure_bad_rows_say_where_and_what_was_expected(string row, string expected)
    {
        string error = ErrorOf(() => Azure("TIMESTAMP,ContextTokens,GeneratedTokens\n2023-11-16 18:15:45,1,1\n" + row + "\n"));
        Assert.StartsWith("t.csv:3: " + expected, error);
    }

    [Fact]
    public void Azure_refuses_other_headers_and_rows_out_of_order()
    {
        Assert.StartsWith("t.csv:1: expected the header row TIMESTAMP,ContextTokens,GeneratedTokens, found \"app,func", ErrorOf(() => Azure("app,func,end_timestamp,duration\n")));
        Assert.Equal("t.csv:3: expected rows in time order, found a TIMESTAMP before the previous row's",
            ErrorOf(() => Azure("TIMESTAMP,ContextTokens,GeneratedTokens\n2023-11-16 18:15:46,1,1\n2023-11-16 18:15:45,1,1\n")));
        Assert.Equal("t.csv: expected at least one row after the header TIMESTAMP,ContextTokens,GeneratedTokens, found none",
            ErrorOf(() => Azure("TIMESTAMP,ContextTokens,GeneratedTokens\n")));
    }

    [Fact]
    public void The_front_door_reads_other_names_by_their_first_line_and_refuses_the_rest()
    {
        using var dir = new TempDir();
        Assert.Equal(1, LlmWorkloadFiles.Read(dir.Write("w.txt", "\n{\"input_toks\": 1, \"output_toks\": 1, \"arrival_time_ns\": 5}\n")).Count);
        Assert.Equal(1, LlmWorkloadFiles.Read(dir.Write("t.log", "TIMESTAMP,ContextTokens,GeneratedTokens\n2023-11-16 18:15:46,1,1\n")).Count);
        string other = dir.Write("x.txt", "model_id,arrival\n");
        Assert.Equal($"{other}: expected {LlmWorkloadFiles.Expected}, found neither by its name nor its first line", ErrorOf(() => LlmWorkloadFiles.Read(other)));
        Assert.Contains("expected an existing LLM workload file, found none", ErrorOf(() => LlmWorkloadFiles.Read(dir.File("missing.jsonl"))));
    }
}
