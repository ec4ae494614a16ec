using Xunit;
using DlSim.Formats;
using DlSim.Formats.AzureLlm;
using DlSim.Formats.LlmWorkloads;
using DlSim.Llm.Traffic;

namespace DlSim.Tests.Llm;

/// <summary>The readers against the real files: counts and medians as the reference README states them.</summary>
public class LlmReferenceWorkloadTests
{
    [Fact]
    public void ShareGpt_workload_has_300_requests_at_about_10_per_second()
    {
        var w = LlmWorkloadJsonl.Read(LlmReference.ShareGpt);
        Assert.Equal(300, w.Count);
        // First line of the file: {"input_toks": 2358, "output_toks": 531, "arrival_time_ns": 46926808, ...}
        Assert.Equal((2358, 531), (w.Requests[0].InputTokens, w.Requests[0].OutputTokens));
        Assert.Equal(0.046926808, w.Requests[0].ArrivalS, 12);
        var s = LlmWorkloadSummary.Of(w);
        Assert.InRange(s.RateHz, 9, 11);
        Assert.InRange(s.SpanS, 25, 35);
    }

    [Theory]
    [InlineData("conv", 19_366, 1020, 129)]
    [InlineData("code", 8_819, 1469, 13)]
    public void Azure_traces_have_the_published_counts_and_medians(string service, int count, double inputMedian, double outputMedian)
    {
        var w = AzureLlmTraceCsv.Read(service == "conv" ? LlmReference.AzureConv : LlmReference.AzureCode);
        Assert.Equal(count, w.Count);
        Assert.Equal(0, w.Requests[0].ArrivalS);
        var s = LlmWorkloadSummary.Of(w);
        Assert.Equal(inputMedian, s.Input.Median);
        Assert.Equal(outputMedian, s.Output.Median);
        Assert.InRange(s.SpanS, 3000, 3700); // one hour of traffic
    }

    [Fact]
    public void Azure_arrivals_are_the_exact_time_since_the_first_row()
    {
        // conv rows 1 and 2: 18:15:46.6805900 and 18:15:50.9951690
        var w = AzureLlmTraceCsv.Read(LlmReference.AzureConv);
        Assert.Equal(4.3145790, w.Requests[1].ArrivalS, 12);
        Assert.Equal((374, 44), (w.Requests[0].InputTokens, w.Requests[0].OutputTokens));
    }

    [Fact]
    public void The_front_door_picks_the_reader_by_extension()
    {
        Assert.Equal(300, LlmWorkloadFiles.Read(LlmReference.ShareGpt).Count);
        Assert.Equal(8_819, LlmWorkloadFiles.Read(LlmReference.AzureCode).Count);
    }

    [Fact]
    public void Show_prints_the_published_medians()
    {
        var (code, stdout, stderr) = DlSim.Tests.Cli.CliRunner.Run("llm", "workload", "show", LlmReference.AzureConv);
        Assert.True(code == 0, stderr);
        Assert.Contains("19366 requests", stdout);
        var input = stdout.Split('\n').Single(l => l.StartsWith("input", StringComparison.Ordinal)).Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var output = stdout.Split('\n').Single(l => l.StartsWith("output", StringComparison.Ordinal)).Split(' ', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("1020", input[1]);
        Assert.Equal("129", output[1]);
    }

    [Fact]
    public void Show_json_has_snake_case_figures()
    {
        var (code, stdout, stderr) = DlSim.Tests.Cli.CliRunner.Run("llm", "workload", "show", LlmReference.AzureCode, "--json");
        Assert.True(code == 0, stderr);
        using var doc = System.Text.Json.JsonDocument.Parse(stdout);
        Assert.Equal(8819, doc.RootElement.GetProperty("requests").GetInt32());
        Assert.Equal(1469, doc.RootElement.GetProperty("input_tokens").GetProperty("median").GetDouble());
        Assert.Equal(13, doc.RootElement.GetProperty("output_tokens").GetProperty("median").GetDouble());
        Assert.True(doc.RootElement.GetProperty("output_tokens").GetProperty("p99").GetDouble() <= doc.RootElement.GetProperty("output_tokens").GetProperty("max").GetInt32());
    }
}
