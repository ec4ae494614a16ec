using System.Text.Json;
using DlSim.Tests.Cli;
using Xunit;

namespace DlSim.Tests.Llm;

/// <summary><c>llm simulate --gpu/--gpu-spec</c> and <c>llm roofline fit|check</c>: conflicting or bad input is one line and exit 2; a fit's file times a simulation.</summary>
public class RooflineCommandTests
{
    private static string Workload => Path.Combine(LlmTestData.Root, "workloads", "sharegpt-llama-3.1-8b-300-sps10.jsonl");

    private static (int Code, string Out, string Err) Simulate(params string[] timing) =>
        CliRunner.Run(["llm", "simulate", "--model", LlmTestData.ModelPath, "-w", Workload, .. timing]);

    private static void AssertOneLine((int Code, string Out, string Err) r, string contains)
    {
        Assert.Equal(2, r.Code);
        Assert.Contains(contains, r.Err);
        Assert.Single(r.Err.Trim().Split('\n'));
        Assert.Empty(r.Out);
    }

    [Fact]
    public void An_unknown_gpu_name() => AssertOneLine(Simulate("--gpu", "H100"), "--gpu: expected a built-in GPU (RTX4090, RTXPRO6000) or --gpu-spec FILE, found \"H100\"");

    [Fact]
    public void Profiles_and_a_gpu_together() =>
        AssertOneLine(Simulate("--gpu", "RTX4090", "--profiles", LlmTestData.ProfileFolder("RTX4090")), "expected either --profiles (measured timing) or --gpu (roofline timing), found both");

    [Fact]
    public void A_gpu_name_and_a_spec_file_together() =>
        AssertOneLine(Simulate("--gpu", "RTX4090", "--gpu-spec", "x.json"), "expected either --gpu or --gpu-spec, found both");

    [Fact]
    public void Roofline_factors_with_profiles() =>
        AssertOneLine(Simulate("--profiles", LlmTestData.ProfileFolder("RTX4090"), "--roofline-factors", "f.json"), "--roofline-factors");

    [Fact]
    public void Neither_profiles_nor_a_gpu() => AssertOneLine(Simulate("--kv-blocks", "100"), "expected --profiles (measured timing) or --gpu / --gpu-spec (roofline timing), found none");

    [Fact]
    public void A_spec_file_missing_a_field_names_the_file_and_line()
    {
        using var dir = new TempDir();
        string spec = Path.Combine(dir.Path, "gpu.json");
        File.WriteAllText(spec, "{\n  \"name\": \"L40S\",\n  \"memory_gb\": 48,\n  \"peak_tflops\": 362\n}\n");
        AssertOneLine(Simulate("--gpu-spec", spec), $"{spec}:1: expected field \"bandwidth_gbps\" (a number > 0), found it missing");
    }

    [Fact]
    public void A_spec_file_with_a_bad_value_names_its_line()
    {
        using var dir = new TempDir();
        string spec = Path.Combine(dir.Path, "gpu.json");
        File.WriteAllText(spec, "{\n  \"name\": \"L40S\",\n  \"memory_gb\": 48,\n  \"bandwidth_gbps\": \"fast\",\n  \"peak_tflops\": 362\n}\n");
        AssertOneLine(Simulate("--gpu-spec", spec), $"{spec}:4: expected \"bandwidth_gbps\" to be a number > 0");
    }

    [Fact]
    public void A_factor_file_with_an_efficiency_above_one_names_its_line()
    {
        using var dir = new TempDir();
        string factors = Path.Combine(dir.Path, "f.json");
        var lines = DlSim.Llm.RooflineFactors.Parameters.Select((p, i) => $"    \"{p.Name}\": {(i == 0 ? "1.5" : "0.5")}");
        File.WriteAllText(factors, "{\n  \"factors\": {\n" + string.Join(",\n", lines) + "\n  }\n}\n");
        AssertOneLine(Simulate("--gpu", "RTX4090", "--roofline-factors", factors), $"{factors}:3: \"gemm_compute\": expected an efficiency in (0, 1], found 1.5");
    }

    [Fact]
    public void A_user_spec_sizes_the_kv_cache_from_its_memory_and_times_the_run()
    {
        using var dir = new TempDir();
        string spec = Path.Combine(dir.Path, "gpu.json");
        File.WriteAllText(spec, """{"name": "L40S", "memory_gb": 48, "bandwidth_gbps": 864, "peak_tflops": 362}""");
        var r = Simulate("--gpu-spec", spec);
        Assert.Equal(0, r.Code);
        Assert.Contains("roofline timing on L40S", r.Out);
        // 48 GB × 0.9 − 16.06 GB of weights over 16 × 131,072 bytes a block.
        Assert.Contains("12941 KV blocks", r.Out);
    }

    [Fact]
    public void A_fitted_factor_file_times_a_simulation_like_the_built_in_factors_when_fitted_on_the_same_profiles()
    {
        using var dir = new TempDir();
        string file = Path.Combine(dir.Path, "factors.json");
        string[] profiles = [.. DlSim.Llm.GpuSpec.Known.Select(g => Path.Combine(LlmTestData.Root, "profiles", g.Name))];
        var fit = CliRunner.Run(["llm", "roofline", "fit", "--model", LlmTestData.ModelPath, "--profiles", .. profiles, "-o", file]);
        Assert.Equal(0, fit.Code);
        using var json = JsonDocument.Parse(File.ReadAllText(file));
        Assert.Equal(0.6097, json.RootElement.GetProperty("factors").GetProperty("gemm_compute").GetDouble());
        Assert.Equal(2, json.RootElement.GetProperty("errors").GetArrayLength());
        var withFile = Simulate("--gpu", "RTX4090", "--kv-blocks", "2588", "--roofline-factors", file);
        var builtIn = Simulate("--gpu", "RTX4090", "--kv-blocks", "2588");
        Assert.Equal(0, withFile.Code);
        Assert.Equal(builtIn.Out, withFile.Out);
    }

    [Fact]
    public void Fitting_a_profile_of_an_unknown_gpu_without_a_spec()
    {
        using var dir = new TempDir();
        string tp1 = Path.Combine(dir.Path, "MyGpu", "Llama-3.1-8B", "tp1");
        Directory.CreateDirectory(tp1);
        foreach (string f in new[] { "dense.csv", "attention.csv", "per_sequence.csv" })
            File.Copy(Path.Combine(LlmTestData.ProfileFolder("RTX4090"), f), Path.Combine(tp1, f));
        var r = CliRunner.Run(["llm", "roofline", "fit", "--model", LlmTestData.ModelPath, "--profiles", Path.Combine(dir.Path, "MyGpu")]);
        AssertOneLine(r, "expected a profile under a built-in GPU's folder (RTX4090, RTXPRO6000) or a gpu.json beside it");
        File.WriteAllText(Path.Combine(dir.Path, "MyGpu", "gpu.json"), """{"name": "MyGpu", "memory_gb": 24, "bandwidth_gbps": 1008, "peak_tflops": 330.3}""");
        var ok = CliRunner.Run(["llm", "roofline", "fit", "--model", LlmTestData.ModelPath, "--profiles", Path.Combine(dir.Path, "MyGpu")]);
        Assert.Equal(0, ok.Code);
        Assert.Contains("in-sample error on MyGpu", ok.Out);
    }
}
