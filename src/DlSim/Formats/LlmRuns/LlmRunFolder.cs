using System.Globalization;
using DlSim.Formats.Files;
using DlSim.Formats.Json;
using DlSim.Formats.Text;
using DlSim.Foundation;
using DlSim.Llm;

namespace DlSim.Formats.LlmRuns;

/// <summary>Reads a real vLLM run folder: requests.jsonl (server timestamps), meta.json (engine settings), timeseries.csv (per second).</summary>
public static class LlmRunFolder
{
    public static LlmRealRun Read(string folder)
    {
        if (!Directory.Exists(folder)) throw new InputException(folder, 0, "expected a run folder (requests.jsonl, meta.json), found none");
        string requestsPath = Path.Combine(folder, "requests.jsonl");
        var requests = new List<LlmMeasuredRequest>();
        JsonLines.Read(requestsPath, "run requests file", (line, fields) =>
        {
            int input = fields.Int("input_toks"), output = fields.Int("output_toks");
            double queued = fields.Seconds("queued_ts"), first = fields.Seconds("first_token_ts"), last = fields.Seconds("last_token_ts");
            if (first < queued || last < first)
                throw new InputException(requestsPath, line, $"expected queued_ts ≤ first_token_ts ≤ last_token_ts, found {queued}, {first}, {last}");
            requests.Add(new LlmMeasuredRequest(input, output, queued, first, last));
        });
        string metaPath = Path.Combine(folder, "meta.json");
        var meta = JsonNode.ParseFile(metaPath);
        var kwargs = meta.Get("engine_kwargs");
        if (kwargs is null || kwargs.Kind != JsonKind.Object) throw new InputException(metaPath, meta.Line, "expected an object \"engine_kwargs\", found it missing");
        int KwInt(JsonNode? node, string name, int fallback)
        {
            var v = node?.Get(name);
            if (v is null || v.Kind == JsonKind.Null) return fallback;
            if (v.Kind != JsonKind.Number || v.Number < 1 || v.Number != Math.Floor(v.Number)) throw new InputException(metaPath, v.Line, $"expected \"{name}\" to be a positive integer, found {v.KindName}");
            return (int)v.Number;
        }
        var kv = meta.Get("kv_cache");
        // Optional figures: absent or null means unknown; anything else must be a sensible value, not silently dropped.
        double? Optional(JsonNode? node, string name, Func<double, bool> ok, string expected)
        {
            var v = node?.Get(name);
            if (v is null || v.Kind == JsonKind.Null) return null;
            if (v.Kind != JsonKind.Number || !ok(v.Number))
                throw new InputException(metaPath, v.Line, $"expected \"{name}\" to be {expected} or null, found {v.KindName}");
            return v.Number;
        }
        int? blocks = (int?)Optional(kv, "num_gpu_blocks", x => x >= 1 && x <= int.MaxValue && x == Math.Floor(x), "a whole number of blocks ≥ 1");
        static bool Fraction(double x) => x > 0 && x <= 1;
        double? util = Optional(kv, "gpu_memory_utilization", Fraction, "a fraction in (0, 1]") ?? Optional(kwargs, "gpu_memory_utilization", Fraction, "a fraction in (0, 1]");
        bool? prefixCaching = (kv?.Get("enable_prefix_caching") ?? meta.Get("resolved_config")?.Get("cache_config")?.Get("enable_prefix_caching")
            ?? kwargs.Get("enable_prefix_caching")) is { Kind: JsonKind.Bool } pc ? pc.Bool : null;
        string? dataset = meta.Get("dataset_path") is { Kind: JsonKind.String } d ? d.Text : null;
        double? memory = Optional(meta.Get("hardware"), "device_total_memory_bytes", x => x > 0 && x <= Limits.MaxMemoryGb * 1e9, $"a size in bytes > 0, at most {Limits.MaxMemoryGb}e9 (the limit)");
        string seriesPath = Path.Combine(folder, "timeseries.csv");
        var samples = File.Exists(seriesPath) ? ReadSeries(seriesPath) : [];
        return new LlmRealRun(folder, requests,
            KwInt(kwargs, "max_num_seqs", LlmEngineConfig.DefaultMaxNumSeqs), KwInt(kwargs, "max_num_batched_tokens", LlmEngineConfig.DefaultMaxNumBatchedTokens),
            KwInt(kwargs, "tensor_parallel_size", 1), KwInt(kv, "block_size", KwInt(kwargs, "block_size", LlmEngineConfig.DefaultBlockSize)),
            blocks, util, memory, samples, prefixCaching, dataset);
    }

    private static readonly string[] SeriesColumns = ["t", "prompt_throughput", "gen_throughput", "running", "waiting", "kv_cache_pct"];

    private static List<LlmSample> ReadSeries(string path)
    {
        var samples = new List<LlmSample>();
        using var reader = InputFiles.OpenText(path, "time series file");
        string header = reader.ReadLine() ?? "";
        string Expected = string.Join(",", SeriesColumns);
        if (header.Trim() != Expected) throw new InputException(path, 1, $"expected the header {Expected}, found \"{header.Trim()}\"");
        while (reader.ReadLine() is string text)
        {
            if (text.Length == 0) continue;
            var f = CsvLine.Split(text);
            var v = f?.Select(x => double.TryParse(x, NumberStyles.Float, CultureInfo.InvariantCulture, out double d) ? d : double.NaN).ToArray();
            if (v is null || v.Length != 6 || !v.All(double.IsFinite)) throw new InputException(path, reader.Line, $"expected 6 numbers, found {ErrorText.Quote(text)}");
            if (!(v[0] >= 0 && v[0] <= Limits.MaxSeconds) || (samples.Count > 0 && v[0] < samples[^1].TimeS))
                throw new InputException(path, reader.Line, $"expected t in seconds ≥ 0 and ≥ the previous row's, found {ErrorText.Quote(f![0])}");
            for (int i = 1; i <= 4; i++)
                if (!(v[i] >= 0 && v[i] <= int.MaxValue))
                    throw new InputException(path, reader.Line, $"expected {SeriesColumns[i]} a count ≥ 0, found {ErrorText.Quote(f![i])}");
            if (!(v[5] >= 0 && v[5] <= 100)) throw new InputException(path, reader.Line, $"expected kv_cache_pct a percentage from 0 to 100, found {ErrorText.Quote(f![5])}");
            samples.Add(new LlmSample(v[0], (int)v[3], (int)v[4], v[5] / 100, (int)v[1], (int)v[2]));
        }
        return samples;
    }
}
