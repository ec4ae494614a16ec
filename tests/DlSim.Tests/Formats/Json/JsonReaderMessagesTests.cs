using DlSim.Formats.Calibration;
using DlSim.Formats.LlmModels;
using DlSim.Formats.Profiles;
using DlSim.Formats.LlmRoofline;
using DlSim.Formats.LlmSharing;
using DlSim.Formats.Sweeps;
using DlSim.Foundation;
using DlSim.Llm;
using Xunit;

namespace DlSim.Tests.Formats.Json;

/// <summary>
/// The error lines of the readers of one-object JSON files, word for word: a bad GPU spec, roofline factors
/// file, model config or sweep manifest tells the user the same thing whichever code reads it.
/// </summary>
public class JsonReaderMessagesTests
{
    /// <summary>Every error line the reader reports for <paramref name="json"/>, the file named "f".</summary>
    private static string ErrorsOf(Action<string> read, string json)
    {
        using var dir = new TempDir();
        string path = dir.Write("f", json);
        var e = Assert.Throws<InputException>(() => read(path));
        return string.Join("\n", e.Errors.Select(x => x.ToString().Replace(path, "f")));
    }

    private static void Gpu(string path) => GpuSpecFile.Read(path);
    private static void Factors(string path) => RooflineFactorsFile.Read(path);
    private static void Model(string path) => HfModelConfig.Read(path);
    private static void Manifest(string path) => SweepManifest.Read(path);
    private static void Sharing(string path) => LlmSharingFile.Read(path);

    [Theory]
    [InlineData("[1]", "f:1: expected a JSON object (name, memory_gb, bandwidth_gbps, peak_tflops), found a list")]
    [InlineData("{}",
        "f:1: expected field \"name\" (the GPU's name), found it missing\n" +
        "f:1: expected field \"memory_gb\" (a number > 0), found it missing\n" +
        "f:1: expected field \"bandwidth_gbps\" (a number > 0), found it missing\n" +
        "f:1: expected field \"peak_tflops\" (a number > 0), found it missing")]
    [InlineData("{\n \"name\": \"\",\n \"memory_gb\": 80,\n \"bandwidth_gbps\": \"fast\",\n \"colour\": 1,\n \"interconnect_gbps\": 0\n}",
        "f:5: expected one of name, memory_gb, bandwidth_gbps, peak_tflops, interconnect_gbps, found \"colour\"\n" +
        "f:2: expected \"name\" to be a non-empty string, found the string \"\"\n" +
        "f:4: expected \"bandwidth_gbps\" to be a number > 0, found the string \"fast\"\n" +
        "f:1: expected field \"peak_tflops\" (a number > 0), found it missing\n" +
        "f:6: expected \"interconnect_gbps\" to be a number > 0, found the number 0")]
    [InlineData("{\"name\": 7, \"memory_gb\": -1, \"bandwidth_gbps\": 1, \"peak_tflops\": null}",
        "f:1: expected \"name\" to be a non-empty string, found the number 7\n" +
        "f:1: expected \"memory_gb\" to be a number > 0, found the number -1\n" +
        "f:1: expected \"peak_tflops\" to be a number > 0, found null")]
    [InlineData("{\"name\": \"x\",\n \"memory_gb\": }", "f:2: expected a value (an object, list, string, number, true, false or null), found '}'")]
    public void Gpu_spec_errors(string json, string expected) => Assert.Equal(expected, ErrorsOf(Gpu, json));

    [Fact]
    public void Gpu_spec_reads_its_figures()
    {
        using var dir = new TempDir();
        var gpu = GpuSpecFile.Read(dir.Write("g.json", "{\"name\": \"G\", \"memory_gb\": 24, \"bandwidth_gbps\": 1000, \"peak_tflops\": 165, \"interconnect_gbps\": 64}"));
        Assert.Equal(new GpuSpec("G", 24e9, 1000e9, 165e12, 64e9), gpu);
    }

    /// <summary>A factors file with every factor valid, but <paramref name="change"/> applied to the lines.</summary>
    private static string FactorsJson(Func<List<string>, List<string>> change)
    {
        var lines = RooflineFactors.Parameters.Select(p => $"  \"{p.Name}\": {(p.IsEfficiency ? "0.5" : "2")},").ToList();
        lines[^1] = lines[^1].TrimEnd(',');
        return "{\"factors\": {\n" + string.Join("\n", change(lines)) + "\n}}";
    }

    [Theory]
    [InlineData("[]", "f:1: expected a JSON object with \"factors\", found a list")]
    [InlineData("{}", "f:1: expected field \"factors\" (an object of roofline factors by name), found it missing")]
    [InlineData("{\"factors\": 3}", "f:1: expected \"factors\" to be an object, found the number 3")]
    [InlineData("{\"factors\": ", "f:1: expected the rest of the document (every '{' and '[' closed), found the end of the file")]
    public void Factors_file_errors(string json, string expected) => Assert.Equal(expected, ErrorsOf(Factors, json));

    [Fact]
    public void Factors_file_names_a_wrong_missing_or_unknown_factor_at_its_line()
    {
        string json = FactorsJson(lines =>
        {
            lines[0] = "  \"gemm_compute\": \"high\",";
            lines[1] = "  \"gemm_memory\": 1.5,";
            lines.RemoveAt(2);
            lines.Insert(0, "  \"bogus\": 1,");
            return lines;
        });
        string known = string.Join(", ", RooflineFactors.Parameters.Select(p => p.Name));
        Assert.Equal(
            $"f:2: expected a roofline factor ({known}), found \"bogus\"\n" +
            "f:3: expected \"gemm_compute\" to be a number, found the string \"high\"\n" +
            "f:4: \"gemm_memory\": expected an efficiency in (0, 1], found 1.5\n" +
            "f:1: expected factor \"gemm_overhead_us\" (fixed µs per weight-product kernel), found it missing",
            ErrorsOf(Factors, json));
    }

    [Fact]
    public void Factors_file_reads_every_factor()
    {
        using var dir = new TempDir();
        var factors = RooflineFactorsFile.Read(dir.Write("r.json", FactorsJson(lines => lines)));
        Assert.Equal(RooflineFactors.Parameters.Select(p => p.IsEfficiency ? 0.5 : 2), factors.Values);
    }

    private const string ValidModel =
        "{\"num_hidden_layers\": 32, \"hidden_size\": 4096, \"num_attention_heads\": 32, \"num_key_value_heads\": 8,\n" +
        " \"intermediate_size\": 14336, \"vocab_size\": 128256, \"torch_dtype\": \"bfloat16\"}";

    [Theory]
    [InlineData("\"x\"", "f:1: expected a JSON object (a Hugging Face model config), found the string \"x\"")]
    [InlineData("{\n \"hidden_size\": 4096.5,\n \"num_attention_heads\": \"32\",\n \"vocab_size\": 0,\n \"torch_dtype\": \"int4\"\n}",
        "f:1: expected field \"num_hidden_layers\" (a positive integer) in the model config, found it missing\n" +
        "f:2: expected \"hidden_size\" to be a positive integer, found 4096.5\n" +
        "f:3: expected \"num_attention_heads\" to be a positive integer, found the string \"32\"\n" +
        "f:1: expected field \"intermediate_size\" (a positive integer) in the model config, found it missing\n" +
        "f:4: expected \"vocab_size\" to be a positive integer, found 0\n" +
        "f: 1 more problem not shown")]
    [InlineData("{\"num_hidden_layers\": 2, \"hidden_size\": 8, \"num_attention_heads\": 2, \"intermediate_size\": 8, \"vocab_size\": 8,\n \"head_dim\": true, \"dtype\": \"int4\"}",
        "f:2: expected \"head_dim\" to be a positive integer, found true\n" +
        "f:1: expected torch_dtype bfloat16, float16, float32 or fp8, found \"int4\"")]
    [InlineData("{\"num_hidden_layers\": 2,}", "f:1: expected a value after ',', found '}'")]
    public void Model_config_errors(string json, string expected) => Assert.Equal(expected, ErrorsOf(Model, json));

    [Fact]
    public void Model_config_reads_the_architecture_with_its_defaults()
    {
        using var dir = new TempDir();
        var model = HfModelConfig.Read(dir.Write("Llama.json", ValidModel));
        Assert.Equal(new LlmArchitecture("Llama", 32, 4096, 32, 8, 128, 14336, 128256, 2, 1, false), model);
    }

    [Theory]
    [InlineData("{\"varied\": \"--x\"}",
        "f:1: expected field \"name\" (a string) in a sweep manifest, found it missing\n" +
        "f:1: expected \"varied\" to be a list, found the string \"--x\"\n" +
        "f:1: expected field \"ids\" (a list) in a sweep manifest, found it missing")]
    [InlineData("{\"name\": \"s\", \"varied\": [1], \"ids\": []}", "f:1: expected \"varied\" and \"ids\" to be lists of strings, found other values")]
    public void Sweep_manifest_errors(string json, string expected) => Assert.Equal(expected, ErrorsOf(Manifest, json));

    [Theory]
    [InlineData("[]", "f:1: expected a JSON object with \"groups\" (a list of GPU groups), found a list")]
    [InlineData("{\"group\": []}",
        "f:1: expected only the fields groups in the sharing file, found unknown field \"group\"\n" +
        "f:1: expected field \"groups\" (a list) in the sharing file, found it missing")]
    [InlineData("{\"groups\": [{\n \"gpu_memory_utilization\": 1.5,\n \"order\": 5,\n \"name\": \"\"\n}, 3]}",
        "f:4: expected \"name\" to be a non-empty string, found the string \"\"\n" +
        "f:1: expected field \"gpu_memory_gb\" (a size in GB > 0), found it missing\n" +
        "f:2: expected \"gpu_memory_utilization\" to be a fraction in (0, 1], found the number 1.5\n" +
        "f:3: expected \"order\" to be a non-empty string, found the number 5\n" +
        "f:1: expected field \"models\" (a list) in a GPU group, found it missing\n" +
        "f: 1 more problem not shown")]
    [InlineData("{\"groups\": [{\"gpu_memory_gb\": 24, \"models\": [{\n \"name\": 3, \"model\": \"m\", \"profiles\": \"p\", \"workload\": \"w\",\n \"tp\": 0,\n \"kv_share\": 1, \"kv_blocks\": 2.5,\n \"ttft_slo_ms\": -1\n}]}]}",
        "f:2: expected \"name\" to be a non-empty string, found the number 3\n" +
        "f:3: expected \"tp\" to be a whole number ≥ 1, found the number 0\n" +
        "f:4: expected \"kv_blocks\" to be a whole number ≥ 1, found the number 2.5\n" +
        "f:4: expected \"kv_share\" or \"kv_blocks\" for a model, found both\n" +
        "f:5: expected \"ttft_slo_ms\" to be a time > 0 ms, found the number -1")]
    public void Sharing_file_errors(string json, string expected) => Assert.Equal(expected, ErrorsOf(Sharing, json));

    [Fact]
    public void Readers_of_one_object_name_the_object_they_expected()
    {
        Assert.Equal("f:1: expected a calibration object {format, version, executables, families}, found a list",
            ErrorsOf(path => CalibrationJson.Read(path), "[]"));
        Assert.Equal("f:2: expected an object {\"models\": [...]}, found the number 3", ErrorsOf(path => ProfileJson.Read(path), "\n3"));
        Assert.Equal("f:1: expected a sweep object {\"base\", \"axes\", \"cases\"}, found true", ErrorsOf(path => SweepFile.Read(path), "true"));
    }
}
