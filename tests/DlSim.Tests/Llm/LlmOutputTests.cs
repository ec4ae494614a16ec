using System.Text.Json;
using DlSim.Tests.Cli;
using Xunit;

namespace DlSim.Tests.Llm;

/// <summary><c>llm simulate</c> and <c>llm compare</c>'s trace and plot files: a trace that Perfetto can read (valid trace
/// event JSON, slices that never overlap on a track, async begins and ends that pair up) and that agrees with the run.</summary>
public class LlmOutputTests
{
    private static string ShareGpt => Path.Combine(LlmTestData.Root, "workloads", "sharegpt-llama-3.1-8b-300-sps10.jsonl");

    private static (JsonElement Results, JsonElement[] Events, string Stdout) Simulate(TempDir dir, params string[] extra)
    {
        string trace = dir.File("trace.json"), json = dir.File("run.json");
        var (code, stdout, stderr) = CliRunner.Run(["llm", "simulate", "--model", LlmTestData.ModelPath, "--profiles", LlmTestData.ProfileFolder("RTX4090"),
            "-w", ShareGpt, "--kv-blocks", "2588", "--json", json, "--trace-out", trace, .. extra]);
        Assert.True(code == 0, stderr);
        Assert.Contains($"trace: {trace}", stdout);
        using var results = JsonDocument.Parse(File.ReadAllText(json));
        using var doc = JsonDocument.Parse(File.ReadAllText(trace));
        return (results.RootElement.Clone(), [.. doc.RootElement.GetProperty("traceEvents").EnumerateArray().Select(e => e.Clone())], stdout);
    }

    private static IEnumerable<JsonElement> Phase(JsonElement[] events, string ph) => events.Where(e => e.GetProperty("ph").GetString() == ph);

    private static long Arg(JsonElement e, string name) => e.GetProperty("args").GetProperty(name).GetInt64();

    [Fact]
    public void The_trace_has_one_slice_per_iteration_on_its_replicas_track_and_they_add_up_to_the_run()
    {
        using var dir = new TempDir();
        var (results, events, _) = Simulate(dir, "--replicas", "2");
        var slices = Phase(events, "X").ToArray();
        Assert.Equal(results.GetProperty("iterations").GetInt32(), slices.Length);
        Assert.Equal(results.GetProperty("preemptions").GetInt64(), slices.Sum(s => Arg(s, "preemptions")));
        // Every generated token comes out of one iteration; every request is admitted once.
        Assert.Equal(LlmTestData.ShareGpt().Requests.Sum(r => (long)r.OutputTokens), slices.Sum(s => Arg(s, "tokens_emitted")));
        Assert.Equal(300, slices.Sum(s => Arg(s, "admitted")));
        foreach (var s in slices)
        {
            Assert.Equal(Arg(s, "tokens"), Arg(s, "prefill_tokens") + Arg(s, "decode_seqs"));
            Assert.InRange(Arg(s, "kv_blocks_used"), 0, Arg(s, "kv_blocks"));
            Assert.Contains(s.GetProperty("name").GetString(), new[] { "prefill", "decode", "mixed" });
        }
        var byReplica = slices.GroupBy(s => s.GetProperty("pid").GetInt32()).ToDictionary(g => g.Key, g => g.ToArray());
        Assert.Equal([0, 1], byReplica.Keys.Order());
        foreach (var track in byReplica.Values)
            for (int i = 1; i < track.Length; i++)
            {
                double previousEnd = track[i - 1].GetProperty("ts").GetDouble() + track[i - 1].GetProperty("dur").GetDouble();
                Assert.True(track[i].GetProperty("ts").GetDouble() >= previousEnd - 1e-3, $"iterations overlap on replica {track[i].GetProperty("pid")}");
            }
        var names = Phase(events, "M").Where(e => e.GetProperty("name").GetString() == "process_name").Select(e => e.GetProperty("args").GetProperty("name").GetString());
        Assert.Equal(["replica 0 (GPU 0, tp1)", "replica 1 (GPU 1, tp1)"], names);
        var counters = Phase(events, "C").ToArray();
        Assert.Contains(counters, c => c.GetProperty("name").GetString() == "requests" && Arg(c, "waiting") > 0);
        Assert.Contains(counters, c => c.GetProperty("name").GetString() == "KV blocks used" && Arg(c, "used") > 2000);
    }

    [Fact]
    public void Each_traced_request_has_an_async_track_from_arrival_through_first_token_to_last_and_the_count_is_capped()
    {
        using var dir = new TempDir();
        var (_, events, stdout) = Simulate(dir, "--trace-requests", "25");
        Assert.Contains("25 requests as async tracks", stdout);
        var requests = LlmTestData.ShareGpt().Requests;
        var tracks = events.Where(e => e.GetProperty("ph").GetString() is "b" or "e").GroupBy(e => e.GetProperty("id").GetInt32()).ToArray();
        Assert.Equal(Enumerable.Range(0, 25), tracks.Select(t => t.Key).Order());
        foreach (var track in tracks)
        {
            var seq = track.Select(e => (e.GetProperty("ph").GetString(), e.GetProperty("name").GetString())).ToArray();
            Assert.Equal([("b", "request"), ("b", "to first token"), ("e", "to first token"), ("e", "request")], seq);
            var ts = track.Select(e => e.GetProperty("ts").GetDouble()).ToArray();
            Assert.Equal(Math.Round(requests[track.Key].ArrivalS * 1e6, 3), ts[0]);
            Assert.True(ts[0] == ts[1] && ts[1] < ts[2] && ts[2] <= ts[3], $"request {track.Key}: {string.Join(", ", ts)}");
            Assert.All(track, e => Assert.Equal("request", e.GetProperty("cat").GetString()));
        }
    }

    [Fact]
    public void A_disaggregated_trace_names_prefill_and_decode_replicas_and_shows_kv_transfers()
    {
        using var dir = new TempDir();
        var (results, events, _) = Simulate(dir, "--prefill-replicas", "1", "--decode-replicas", "2", "--kv-link-gbps", "25", "--trace-requests", "0");
        var names = Phase(events, "M").Where(e => e.GetProperty("name").GetString() == "process_name").Select(e => e.GetProperty("args").GetProperty("name").GetString());
        Assert.Equal(["prefill replica 0 (GPU 0, tp1)", "decode replica 0 (GPU 1, tp1)", "decode replica 1 (GPU 2, tp1)"], names);
        Assert.DoesNotContain(events, e => e.TryGetProperty("cat", out var c) && c.GetString() == "request");
        Assert.Equal(results.GetProperty("iterations").GetInt32(), Phase(events, "X").Count());
        Assert.Equal(3, Phase(events, "X").Select(e => e.GetProperty("pid").GetInt32()).Distinct().Count());
    }

    [Fact]
    public void Without_trace_out_the_simulation_gets_no_observer_so_it_records_nothing()
    {
        using var dir = new TempDir();
        var options = new DlSim.Cli.Commands.LlmOutputOptions();
        var command = new System.CommandLine.Command("simulate");
        options.AddTo(command);
        using (var none = options.Begin(command.Parse(["--plot", dir.File("p.svg")]), () => ["replica 0"])) Assert.Null(none.Observe);
        using (var traced = options.Begin(command.Parse(["--trace-out", dir.File("t.json")]), () => ["replica 0"])) Assert.NotNull(traced.Observe);
        // A trace not finished is not left behind half-written.
        Assert.False(File.Exists(dir.File("t.json")));
    }

    [Fact]
    public void Compare_plots_simulated_beside_real_in_every_panel()
    {
        using var dir = new TempDir();
        string plot = dir.File("compare.svg");
        var (code, stdout, stderr) = CliRunner.Run(["llm", "compare", "--model", LlmTestData.ModelPath, "--profiles", LlmTestData.ProfileFolder("RTX4090"),
            "--real", LlmTestData.RunFolder("RTX4090"), "--plot", plot]);
        Assert.True(code == 0, stderr);
        Assert.Contains($"plot: {plot}", stdout);
        string svg = File.ReadAllText(plot);
        foreach (string text in new[] { "TTFT CDF", "TPOT CDF", "simulated: running", "real: waiting", "KV cache use" }) Assert.Contains(text, svg);
        // Two by two: four 900 × 520 panels, the second beside the first.
        Assert.Contains("""<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="1800" height="1040">""", svg);
        foreach (string panel in new[] { """<rect fill="white" width="900" height="520"/>""", """<rect fill="white" x="900" width="900" height="520"/>""",
            """<rect fill="white" y="520" width="900" height="520"/>""", """<rect fill="white" x="900" y="520" width="900" height="520"/>""" })
            Assert.Contains(panel, svg);
    }

    [Theory]
    [InlineData("--plot", "out.pdf", "--plot: expected a file name ending in .png or .svg")]
    [InlineData("--trace-requests", "-1", "--trace-requests: expected a whole number ≥ 0, found -1")]
    public void Bad_output_flags_are_refused_before_anything_is_written(string flag, string value, string message)
    {
        using var dir = new TempDir();
        string trace = dir.File("trace.json");
        var (code, _, stderr) = CliRunner.Run(["llm", "simulate", "--model", LlmTestData.ModelPath, "--profiles", LlmTestData.ProfileFolder("RTX4090"),
            "-w", ShareGpt, "--kv-blocks", "2588", "--trace-out", trace, flag, value.StartsWith('-') ? value : dir.File(value)]);
        Assert.Equal(2, code);
        Assert.Contains(message, stderr);
        Assert.False(File.Exists(trace));
        Assert.Single(stderr.Trim().Split('\n'));
    }
}
