using System.Globalization;
using System.Text.Json;
using DlSim.Formats.Json;
using DlSim.Llm;

namespace DlSim.Cli.Commands;

/// <summary>How <c>llm simulate</c> prints a disaggregated run's KV transfers.</summary>
internal static class LlmTransferOutput
{
    public static void WriteText(TextWriter o, LlmTransferStatistics t)
    {
        o.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{t.Count} KV transfers, {t.MeanBytes / 1e6:0.0} MB mean, {t.TotalBytes / 1e9:0.00} GB in all; on the link mean {Ms(t.Send.Mean)} ms, p99 {Ms(t.Send.P99)} ms; queued for decode blocks mean {Ms(t.Queued.Mean)} ms, p99 {Ms(t.Queued.P99)} ms"));
    }

    public static void WriteJson(Utf8JsonWriter w, LlmDisaggregation d, LlmTransferStatistics t)
    {
        w.WriteStartObject("disaggregation");
        w.WriteNumber("prefill_replicas", d.Prefill.Replicas);
        w.WriteNumber("decode_replicas", d.DecodeReplicas);
        w.WriteNumber("decode_kv_blocks", d.DecodeKvBlocks);
        w.WriteNumber("kv_link_bytes_per_s", d.LinkBytesPerS);
        w.WriteNumber("kv_link_latency_s", d.LinkLatencyS);
        w.WriteNumber("transfers", t.Count);
        w.WriteNumber("transfer_bytes", t.TotalBytes);
        foreach (var (name, v) in new[] { ("send_s", t.Send), ("queued_s", t.Queued) })
        {
            w.WriteStartObject(name);
            foreach (string stat in LatencySummary.Statistics)
                w.WriteNumberOrNull(stat, v[stat]);
            w.WriteEndObject();
        }
        w.WriteEndObject();
    }

    private static string Ms(double s) => double.IsFinite(s) ? (s * 1000).ToString("0.00", CultureInfo.InvariantCulture) : "-";
}
