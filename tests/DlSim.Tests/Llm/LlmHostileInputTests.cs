using System.Text.Json;
using DlSim.Tests.BadInput;
using DlSim.Tests.Cli;
using Xunit;

namespace DlSim.Tests.Llm;

/// <summary>
/// Hostile inputs to the LLM commands that once hung, ran out of memory, crashed with an internal error or wrote a
/// wrong result: each now ends in one line naming the file or flag and what was expected, exit 2, nothing written.
/// </summary>
public class LlmHostileInputTests
{
    private static string Profiles => LlmTestData.ProfileFolder("RTX4090");

    private static string TwoRequests(BadInputCase c, long secondArrivalNs) => c.Write("w.jsonl",
        "{\"input_toks\": 100, \"output_toks\": 5, \"arrival_time_ns\": 0}\n" +
        $"{{\"input_toks\": 300, \"output_toks\": 20, \"arrival_time_ns\": {secondArrivalNs}}}\n");

    private static string[] Simulate(string workload, params string[] extra) =>
        ["llm", "simulate", "--model", LlmTestData.ModelPath, "--profiles", Profiles, "-w", workload, .. extra];

    [Fact]
    public void Arrivals_centuries_apart_end_at_the_run_length_limit_instead_of_filling_memory()
    {
        using var c = new BadInputCase();
        string w = TwoRequests(c, 9_000_000_000_000_000_000);
        c.AssertOneLineError(Simulate(w, "--kv-blocks", "2588", "--json", c.Output("r.json"), "--trace-out", c.Output("t.json")),
            w + ": ", "the run to end within 1000000 s of the first arrival (the limit)");
    }

    [Theory]
    [InlineData("\"bandwidth_gbps\": 1e-300", "bandwidth_gbps from 0.001 to 1000000000, found 1E-300")]
    [InlineData("\"peak_tflops\": 1e-300", "peak_tflops from 0.001 to 1000000000, found 1E-300")]
    [InlineData("\"memory_gb\": 1e308", "memory_gb from 0.001 to 1048576, found 1E+308")]
    public void A_gpu_spec_far_outside_any_gpu_is_refused_at_its_line(string field, string message)
    {
        using var c = new BadInputCase();
        var figures = new Dictionary<string, string> { ["memory_gb"] = "24", ["bandwidth_gbps"] = "1008", ["peak_tflops"] = "165" };
        string name = field.Split('"')[1];
        figures[name] = field.Split(": ")[1];
        string spec = c.Write("gpu.json", "{\n  \"name\": \"X\",\n" + string.Join(",\n", figures.Select(kv => $"  \"{kv.Key}\": {kv.Value}")) + "\n}\n");
        int line = 3 + figures.Keys.ToList().IndexOf(name);
        c.AssertOneLineError(["llm", "simulate", "--model", LlmTestData.ModelPath, "--gpu-spec", spec, "-w", TwoRequests(c, 1000), "--json", c.Output("r.json")],
            $"{spec}:{line}: ", message);
    }

    [Fact]
    public void A_profile_of_absurdly_slow_operators_ends_at_the_run_length_limit()
    {
        using var c = new BadInputCase();
        string folder = c.Input("tp1");
        Directory.CreateDirectory(folder);
        foreach (string f in new[] { "attention.csv", "per_sequence.csv" })
            File.Copy(Path.Combine(Profiles, f), Path.Combine(folder, f));
        var dense = File.ReadAllLines(Path.Combine(Profiles, "dense.csv"));
        File.WriteAllLines(Path.Combine(folder, "dense.csv"), [dense[0], .. dense.Skip(1).Select(l => l[..(l.LastIndexOf(',') + 1)] + "1e300")]);
        string w = TwoRequests(c, 1000);
        c.AssertOneLineError(["llm", "simulate", "--model", LlmTestData.ModelPath, "--profiles", folder, "-w", w, "--kv-blocks", "2588", "--json", c.Output("r.json")],
            w + ": ", "the run to end within 1000000 s");
    }

    [Theory]
    [InlineData("--pp", "2", "--pp-link-latency-us", "1e300")]
    [InlineData("--pp", "2", "--pp-link-gbps", "1e-300")]
    [InlineData("--prefill-replicas", "1", "--decode-replicas", "1", "--kv-link-gbps", "1e-300")]
    public void A_link_that_never_delivers_ends_at_the_run_length_limit(params string[] flags)
    {
        using var c = new BadInputCase();
        string w = TwoRequests(c, 1000);
        c.AssertOneLineError(Simulate(w, ["--kv-blocks", "2588", .. flags]), w + ": ", "the run to end within 1000000 s");
    }

    [Theory]
    [InlineData("--kv-blocks 2147483647", "--kv-blocks: ", "at most 67108864 KV cache blocks over all replicas (the limit), found 2147483647")]
    [InlineData("--kv-blocks 2588 --replicas 100000", "--kv-blocks: ", "at most 67108864 KV cache blocks over all replicas (the limit), found 2588 per replica × 100000 replicas")]
    [InlineData("--kv-blocks 2588 --prefill-replicas 2147483647 --decode-replicas 2147483647 --kv-link-gbps 10", "--prefill-replicas: ", "at most 67108864 KV cache blocks")]
    [InlineData("--gpu-memory-gb 1e308", "--gpu-memory-gb: ", "at most 1048576 GB (the limit), found 1E+308")]
    [InlineData("--kv-blocks 2588 --pp 2 --pp-link-gbps 1e308", "--pp-link-gbps: ", "a bandwidth of at most 1e9 GB/s (the limit), found 1E+308")]
    [InlineData("--kv-blocks 2588 --prefill-replicas 1 --decode-replicas 1 --kv-link-gbps 1e308", "--kv-link-gbps: ", "a bandwidth of at most 1e9 GB/s (the limit)")]
    public void Sizes_past_the_limits_are_refused_before_any_allocation(string flags, string prefix, string expected)
    {
        using var c = new BadInputCase();
        c.AssertOneLineError(Simulate(TwoRequests(c, 1000), [.. flags.Split(' '), "--json", c.Output("r.json")]), prefix, expected);
    }

    [Fact]
    public void A_model_whose_weights_overflow_a_long_is_refused_not_given_a_huge_kv_cache()
    {
        using var c = new BadInputCase();
        string config = File.ReadAllText(LlmTestData.ModelPath)
            .Replace("\"hidden_size\": 4096", "\"hidden_size\": 1048576").Replace("\"intermediate_size\": 14336", "\"intermediate_size\": 16777216")
            .Replace("\"num_hidden_layers\": 32", "\"num_hidden_layers\": 100000");
        string model = c.Write("Llama-3.1-8B.json", config);
        c.AssertOneLineError(["llm", "simulate", "--model", model, "--gpu", "RTX4090", "-w", TwoRequests(c, 1000)],
            model + ": ", "a model of at most 1125899906842624 bytes of weights (the limit)");
    }

    [Fact]
    public void A_model_too_big_for_a_shared_group_names_its_config()
    {
        using var c = new BadInputCase();
        string model = c.Write("huge.json", File.ReadAllText(LlmTestData.ModelPath).Replace("\"num_hidden_layers\": 32", "\"num_hidden_layers\": 2000000000"));
        string entry = LlmSharingFiles.Model("a", "RTX4090", LlmReference.ShareGpt).Replace(JsonSerializer.Serialize(LlmTestData.ModelPath), JsonSerializer.Serialize(model));
        string share = c.Write("share.json", LlmSharingFiles.OneGroup(24, "", entry));
        c.AssertOneLineError(["llm", "share", share], share + ":", "a model of at most");
    }

    [Fact]
    public void A_shared_group_of_absurd_memory_is_refused_at_its_line()
    {
        using var c = new BadInputCase();
        string share = c.Write("share.json", LlmSharingFiles.OneGroup(1e308, "", LlmSharingFiles.Model("a", "RTX4090", LlmReference.ShareGpt)));
        c.AssertOneLineError(["llm", "share", share, "--json", c.Output("r.json")], share + ":4: ", "\"gpu_memory_gb\" at most 1048576 GB (the limit), found 1E+308");
    }

    [Fact]
    public void Two_outputs_on_one_path_are_refused_rather_than_one_silently_replacing_the_other()
    {
        using var c = new BadInputCase();
        string same = c.Output("out.json");
        c.AssertOneLineError(Simulate(TwoRequests(c, 1000), "--kv-blocks", "2588", "--json", same, "--trace-out", same),
            "--trace-out: ", "a file other than --json's, found the same path");
    }

    /// <summary>A model folder with the RTXPRO6000 tp1 profile and a meta.yaml whose skew_fit block is edited.</summary>
    private static string SkewProfile(BadInputCase c, Func<string, string> editMeta)
    {
        string model = c.Input("Llama-3.1-8B"), tp1 = Path.Combine(model, "tp1");
        Directory.CreateDirectory(tp1);
        string source = LlmTestData.ProfileFolder("RTXPRO6000");
        foreach (string f in Directory.GetFiles(source)) File.Copy(f, Path.Combine(tp1, Path.GetFileName(f)));
        File.WriteAllText(Path.Combine(model, "meta.yaml"), editMeta(File.ReadAllText(Path.Combine(Path.GetDirectoryName(source)!, "meta.yaml"))));
        return model;
    }

    [Theory]
    [InlineData("alpha_default: 0.0543", "alpha_default: abc", "\"alpha_default\" to be a finite number, found \"abc\"")]
    [InlineData("alpha_default: 0.0543", "alpha_default: NaN", "\"alpha_default\" to be a finite number, found \"NaN\"")]
    [InlineData("n_bins: [0, 2,", "n_bins: [NaN, 2,", "\"n_bins\" to be a list of finite numbers in increasing order")]
    [InlineData("kv_big_bins: [0, 1024, 4096, 16384, 1000000000]", "kv_big_bins: [0, 4096, 1024, 16384, 1000000000]", "\"kv_big_bins\" to be a list of finite numbers in increasing order")]
    [InlineData("    kp_labels: [kp=0, kp<=512, kp<=1k, kp<=2k, kp<=4k, kp<=8k, kp>8k]\n", "", "\"kp_labels\" in the skew_fit block, found it missing")]
    public void A_bad_skew_fit_block_is_reported_at_its_line(string from, string to, string expected)
    {
        using var c = new BadInputCase();
        string model = SkewProfile(c, meta => meta.Replace(from, to));
        string w = TwoRequests(c, 1000);
        string meta = Path.Combine(model, "meta.yaml");
        c.AssertOneLineError(["llm", "simulate", "--model", LlmTestData.ModelPath, "--profiles", Path.Combine(model, "tp1"), "-w", w, "--kv-blocks", "2588"],
            meta + ":", expected);
    }

    /// <summary>A copy of the RTX4090 real run with one file edited; returns the folder.</summary>
    private static string RealRun(BadInputCase c, string file, Func<string, string> edit)
    {
        string run = c.Input("run");
        Directory.CreateDirectory(run);
        foreach (string f in Directory.GetFiles(LlmTestData.RunFolder("RTX4090")))
        {
            string name = Path.GetFileName(f);
            string text = File.ReadAllText(f);
            File.WriteAllText(Path.Combine(run, name), name == file ? edit(text) : text);
        }
        return run;
    }

    private static string[] Compare(string run, params string[] extra) =>
        ["llm", "compare", "--model", LlmTestData.ModelPath, "--profiles", Profiles, "--real", run, "-w", LlmReference.ShareGpt, .. extra];

    [Theory]
    [InlineData("\"num_gpu_blocks\": 2588", "\"num_gpu_blocks\": 1.5", "\"num_gpu_blocks\" to be a whole number of blocks ≥ 1 or null, found the number 1.5")]
    [InlineData("\"num_gpu_blocks\": 2588", "\"num_gpu_blocks\": -5", "\"num_gpu_blocks\" to be a whole number of blocks ≥ 1 or null, found the number -5")]
    [InlineData("\"num_gpu_blocks\": 2588", "\"num_gpu_blocks\": \"many\"", "\"num_gpu_blocks\" to be a whole number of blocks ≥ 1 or null, found the string \"many\"")]
    [InlineData("\"device_total_memory_bytes\": 25250627584", "\"device_total_memory_bytes\": 1e300", "\"device_total_memory_bytes\" to be a size in bytes > 0")]
    public void A_bad_figure_in_a_runs_meta_json_is_reported_at_its_line_not_dropped(string from, string to, string expected)
    {
        using var c = new BadInputCase();
        string run = RealRun(c, "meta.json", m => m.Replace(from, to));
        c.AssertOneLineError(Compare(run, "--json", c.Output("r.json")), Path.Combine(run, "meta.json") + ":", expected);
    }

    [Theory]
    [InlineData("1.0,3392.0,", "1.0,Infinity,", ":2: ", "6 numbers")]
    [InlineData("2.0,9045.0,79.0,16,0,", "2.0,9045.0,79.0,-16,0,", ":3: ", "running a count ≥ 0, found \"-16\"")]
    [InlineData("2.0,9045.0,", "0.5,9045.0,", ":3: ", "t in seconds ≥ 0 and ≥ the previous row's, found \"0.5\"")]
    [InlineData(",5,2,13.22", ",5,2,1322", ":2: ", "kv_cache_pct a percentage from 0 to 100, found \"1322\"")]
    public void A_bad_row_of_a_runs_time_series_is_reported_at_its_line(string from, string to, string line, string expected)
    {
        using var c = new BadInputCase();
        string run = RealRun(c, "timeseries.csv", t => t.Replace(from, to));
        c.AssertOneLineError(Compare(run), Path.Combine(run, "timeseries.csv") + line, expected);
    }

    [Fact]
    public void A_run_without_a_time_series_compares_its_latencies_and_gives_null_per_second_differences()
    {
        using var dir = new TempDir();
        string run = Path.Combine(dir.Path, "run");
        Directory.CreateDirectory(run);
        foreach (string f in new[] { "meta.json", "requests.jsonl" }) File.Copy(Path.Combine(LlmTestData.RunFolder("RTX4090"), f), Path.Combine(run, f));
        string json = Path.Combine(dir.Path, "r.json");
        var (code, stdout, stderr) = CliRunner.Run(["llm", "compare", "--model", LlmTestData.ModelPath, "--profiles", Profiles, "--real", run, "-w", LlmReference.ShareGpt, "--json", json]);
        Assert.True(code == 0, stderr);
        Assert.Contains("per second: no real time series to compare with", stdout);
        Assert.DoesNotContain("NaN", stdout);
        using var doc = JsonDocument.Parse(File.ReadAllText(json));
        Assert.Equal(JsonValueKind.Null, doc.RootElement.GetProperty("running_mean_abs_diff").ValueKind);
        Assert.True(doc.RootElement.GetProperty("metrics")[0].GetProperty("simulated_s").GetDouble() > 0);
    }
}
