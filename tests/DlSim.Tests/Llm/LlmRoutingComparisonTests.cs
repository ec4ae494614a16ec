using System.Globalization;
using DlSim.Formats.AzureLlm;
using DlSim.Foundation;
using DlSim.Llm;
using DlSim.Tests.Docs;
using Xunit;

namespace DlSim.Tests.Llm;

/// <summary>The routing table of docs/llm.md, rerun row by row on the Azure conversation trace.</summary>
public class LlmRoutingComparisonTests
{
    private const string Marker = "<!-- routing table: Azure conversation trace, RTX4090, 2588 blocks -->";

    private static List<string[]> Rows() => MarkdownPages.TableRows("docs/llm.md", Marker);

    private static string Ms(double seconds) => (seconds * 1000).ToString("F2", CultureInfo.InvariantCulture);

    [Fact]
    public void Every_row_of_the_documented_table_is_what_the_simulation_gives()
    {
        var workload = AzureLlmTraceCsv.Read(LlmReference.AzureConv);
        var rows = Rows();
        Assert.Equal(7, rows.Count);
        foreach (var row in rows)
        {
            var routing = EnumNames.Parse<LlmRouting>(row[0], "routing");
            ulong seed = ulong.Parse(row[1], CultureInfo.InvariantCulture);
            LlmStatistics On(int replicas) => LlmStatistics.Of(LlmSimulation.Run(workload,
                LlmTestData.Deployment("RTX4090", 2588, replicas: replicas, routing: routing) with { Seed = seed }), null, null);
            var eight = On(8);
            Assert.Equal<string[]>(row[2..6], [Ms(eight.Ttft.Mean), Ms(eight.Ttft.P90), Ms(eight.Ttft.P99), Ms(eight.Tpot.P99)]);
            Assert.Equal(row[6], Ms(On(3).Ttft.P99));
        }
    }
}
