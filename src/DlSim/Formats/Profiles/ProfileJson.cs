using System.Text.Json;
using DlSim.Cluster;
using DlSim.Formats.Files;
using DlSim.Formats.Json;
using DlSim.Foundation;
using DlSim.Model;

namespace DlSim.Formats.Profiles;

/// <summary>
/// The profile file: <c>{"models": [{"name", "executables": [{"name", "stages": [{"mesh": [NODES, GPUS_PER_NODE],
/// "weight_bytes", "batches": [{"batch_size", "latency_s", "latency_std_s"?, "activation_bytes"}]}]}]}]}</c>.
/// Batch sizes ascend; latencies are seconds per run of the stage; bytes are the whole stage's.
/// The built-in catalog is written in this format too.
/// </summary>
public static class ProfileJson
{
    public static IReadOnlyList<Executable> Read(string path) => Parse(JsonNode.ParseFile(path), path);

    public static IReadOnlyList<Executable> Parse(JsonNode root, string file)
    {
        var profile = JsonObjectFile.Of(root, file, "an object {\"models\": [...]}", "the profile file");
        var (errors, top) = (profile.Errors, profile.Fields);
        var result = new List<Executable>();
        top.RejectUnknown("models");
        var models = top.List("models");
        var names = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var modelNode in models?.Items ?? [])
        {
            if (modelNode.Kind != JsonKind.Object) { errors.Add(modelNode.Line, $"expected a model object, found {modelNode.KindName}"); continue; }
            var model = new JsonFields(modelNode, errors, "a model");
            model.RejectUnknown("name", "executables");
            string? modelName = model.String("name");
            var executables = model.List("executables");
            if (modelName is null || executables is null) continue;
            foreach (var exeNode in executables.Items)
            {
                var exe = ParseExecutable(exeNode, modelName, errors);
                if (exe is null) continue;
                if (names.TryGetValue(exe.Name, out int firstLine))
                    errors.Add(exeNode.Line, $"expected unique executable names, found \"{exe.Name}\" again (first on line {firstLine})");
                else
                {
                    names[exe.Name] = exeNode.Line;
                    result.Add(exe);
                }
            }
        }
        errors.ThrowIfAny();
        return result;
    }

    private static Executable? ParseExecutable(JsonNode node, string modelName, InputErrorList errors)
    {
        if (node.Kind != JsonKind.Object) { errors.Add(node.Line, $"expected an executable object, found {node.KindName}"); return null; }
        var f = new JsonFields(node, errors, "an executable");
        f.RejectUnknown("name", "stages");
        string? name = f.String("name");
        var stagesNode = f.List("stages");
        if (name is null || stagesNode is null) return null;
        if (stagesNode.Items.Count == 0) { errors.Add(stagesNode.Line, $"expected at least one stage in {name}, found none"); return null; }
        if (stagesNode.Items.Count > Limits.MaxStages)
        {
            errors.Add(stagesNode.Line, $"expected at most {Limits.MaxStages} stages (the limit) in {name}, found {stagesNode.Items.Count}");
            return null;
        }
        var stages = new List<StageSpec>();
        foreach (var s in stagesNode.Items)
        {
            var stage = ParseStage(s, name, errors);
            if (stage is null) return null;
            stages.Add(stage);
        }
        return new Executable(modelName, name, stages);
    }

    private static StageSpec? ParseStage(JsonNode node, string exe, InputErrorList errors)
    {
        if (node.Kind != JsonKind.Object) { errors.Add(node.Line, $"expected a stage object, found {node.KindName}"); return null; }
        var f = new JsonFields(node, errors, $"a stage of {exe}");
        f.RejectUnknown("mesh", "weight_bytes", "batches");
        var mesh = f.List("mesh");
        var weights = f.Required("weight_bytes", JsonKind.Number, "a number of bytes");
        var batchesNode = f.List("batches");
        if (mesh is null || weights is null || batchesNode is null) return null;
        var shape = JsonFields.IntList(mesh, errors, "mesh");
        if (shape is null) return null;
        if (shape.Length != 2 || shape[0] < 1 || shape[1] < 1 || (long)shape[0] * shape[1] > Limits.MaxStageGpus)
        {
            errors.Add(mesh.Line, $"expected mesh as [NODES, GPUS_PER_NODE] with both ≥ 1 and at most {Limits.MaxStageGpus} GPUs in all (the limit), found [{string.Join(", ", shape)}]");
            return null;
        }
        if (!IsBytes(weights.Number)) { errors.Add(weights.Line, $"expected weight_bytes a whole number from 0 to {Limits.MaxBytes} (the limit), found {weights.KindName}"); return null; }
        var batches = new List<BatchPoint>();
        foreach (var b in batchesNode.Items)
        {
            var point = ParseBatch(b, exe, errors);
            if (point is null) return null;
            if (batches.Count > 0 && point.Value.BatchSize <= batches[^1].BatchSize)
            {
                errors.Add(b.Line, $"expected batch sizes in ascending order in {exe}, found {point.Value.BatchSize} after {batches[^1].BatchSize}");
                return null;
            }
            batches.Add(point.Value);
        }
        if (batches.Count == 0) { errors.Add(batchesNode.Line, $"expected at least one batch size in a stage of {exe}, found none"); return null; }
        return new StageSpec(new MeshShape(shape[0], shape[1]), batches, (long)weights.Number);
    }

    private static BatchPoint? ParseBatch(JsonNode node, string exe, InputErrorList errors)
    {
        if (node.Kind != JsonKind.Object) { errors.Add(node.Line, $"expected a batch object, found {node.KindName}"); return null; }
        var f = new JsonFields(node, errors, $"a batch of {exe}");
        f.RejectUnknown("batch_size", "latency_s", "latency_std_s", "activation_bytes");
        var size = f.Required("batch_size", JsonKind.Number, "a number");
        var latency = f.Required("latency_s", JsonKind.Number, "a number of seconds");
        var activation = f.Required("activation_bytes", JsonKind.Number, "a number of bytes");
        var std = node.Get("latency_std_s");
        if (size is null || latency is null || activation is null) return null;
        if (!IsCount(size.Number) || size.Number < 1 || size.Number > Limits.MaxBatchSize) { errors.Add(size.Line, $"expected batch_size a whole number from 1 to {Limits.MaxBatchSize} (the limit), found {size.KindName}"); return null; }
        if (!(latency.Number > 0 && latency.Number <= Limits.MaxSeconds)) { errors.Add(latency.Line, $"expected latency_s > 0 seconds and at most 1e12 (the limit), found {latency.KindName}"); return null; }
        if (!IsBytes(activation.Number)) { errors.Add(activation.Line, $"expected activation_bytes a whole number from 0 to {Limits.MaxBytes} (the limit), found {activation.KindName}"); return null; }
        double stdS = 0;
        if (std is not null)
        {
            if (std.Kind != JsonKind.Number || !(std.Number >= 0 && std.Number <= Limits.MaxSeconds)) { errors.Add(std.Line, $"expected latency_std_s ≥ 0 seconds and at most 1e12 (the limit), found {std.KindName}"); return null; }
            stdS = std.Number;
        }
        return new BatchPoint((int)size.Number, latency.Number, stdS, (long)activation.Number);
    }

    private static bool IsCount(double x) => x >= 0 && x == Math.Floor(x) && x < 9.2e18;

    private static bool IsBytes(double x) => IsCount(x) && x <= Limits.MaxBytes;

    /// <summary>Writes executables grouped by model, in the order given (temporary file, then rename).</summary>
    public static void Write(IEnumerable<Executable> executables, string path) => AtomicFile.Write(path, s => Write(executables, s));

    public static void Write(IEnumerable<Executable> executables, Stream stream)
    {
        JsonDocumentWriter.Write(stream, w =>
        {
            w.WriteStartObject();
            w.WriteStartArray("models");
            foreach (var group in executables.GroupBy(e => e.ModelName))
            {
                w.WriteStartObject();
                w.WriteString("name", group.Key);
                w.WriteStartArray("executables");
                foreach (var e in group) WriteExecutable(w, e);
                w.WriteEndArray();
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        });
    }

    private static void WriteExecutable(Utf8JsonWriter w, Executable e)
    {
        w.WriteStartObject();
        w.WriteString("name", e.Name);
        w.WriteStartArray("stages");
        foreach (var s in e.Stages)
        {
            w.WriteStartObject();
            w.WriteStartArray("mesh");
            w.WriteNumberValue(s.Shape.Nodes);
            w.WriteNumberValue(s.Shape.GpusPerNode);
            w.WriteEndArray();
            w.WriteNumber("weight_bytes", s.WeightBytes);
            w.WriteStartArray("batches");
            foreach (var b in s.Batches)
            {
                w.WriteStartObject();
                w.WriteNumber("batch_size", b.BatchSize);
                w.WriteNumber("latency_s", b.LatencyS);
                if (b.LatencyStdS > 0) w.WriteNumber("latency_std_s", b.LatencyStdS);
                w.WriteNumber("activation_bytes", b.ActivationBytes);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();
    }
}
