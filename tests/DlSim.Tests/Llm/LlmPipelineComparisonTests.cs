using System.Globalization;
using DlSim.Llm;
using DlSim.Tests.Docs;
using Xunit;

namespace DlSim.Tests.Llm;

/// <summary>The layout table of docs/llm-pipeline.md, rerun row by row: replicas and pipeline stages on 1–4 RTX4090s.</summary>
public class LlmPipelineComparisonTests
{
    private const string Marker = "<!-- pipeline table: ShareGPT 300 requests, RTX4090, 24 GB -->";

    private static List<string[]> Rows() => MarkdownPages.TableRows("docs/llm-pipeline.md", Marker);

    private static string F(double v, int digits) => v.ToString("F" + digits, CultureInfo.InvariantCulture);

    [Fact]
    public void Every_row_of_the_documented_table_is_what_the_simulation_gives()
    {
        var workload = LlmTestData.ShareGpt();
        var rows = Rows();
        Assert.Equal(7, rows.Count);
        foreach (var row in rows)
        {
            int gpus = int.Parse(row[0], CultureInfo.InvariantCulture), replicas = int.Parse(row[1], CultureInfo.InvariantCulture);
            int pp = int.Parse(row[2], CultureInfo.InvariantCulture);
            Assert.Equal(gpus, replicas * pp);
            bool given = row[3].EndsWith('*');
            int blocks = int.Parse(row[3].TrimEnd('*'), CultureInfo.InvariantCulture);
            var plain = LlmTestData.Deployment("RTX4090", blocks, replicas: replicas);
            if (!given) Assert.Equal(LlmEngineConfig.BlocksFromMemory(plain.Model, 1, 24e9, 0.9, 16, pp: pp), blocks);
            var deployment = pp == 1 ? plain : plain with { Pipeline = new LlmPipeline(pp, LlmPipeline.DefaultLinkBytesPerS, LlmPipeline.DefaultLinkLatencyS) };
            var run = LlmSimulation.Run(workload, deployment);
            var s = LlmStatistics.Of(run, 2.0, 0.1);
            string[] expected = [F(s.Ttft.Mean * 1000, 2), F(s.Ttft.P99 * 1000, 2), F(s.Tpot.Mean * 1000, 2), F(s.Tpot.P99 * 1000, 2),
                F(s.OutputTokensPerS, 1), F(s.GoodputPerS!.Value, 2), run.Preemptions.ToString(CultureInfo.InvariantCulture)];
            Assert.Equal(expected, row[4..11]);
        }
    }
}
