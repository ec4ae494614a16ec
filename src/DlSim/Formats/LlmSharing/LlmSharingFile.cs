using System.Globalization;
using DlSim.Formats.Json;
using DlSim.Formats.LlmModels;
using DlSim.Formats.LlmProfiles;
using DlSim.Foundation;
using DlSim.Llm;

namespace DlSim.Formats.LlmSharing;

/// <summary>
/// Reads a sharing file (docs/llm-sharing.md): GPU groups, each with its memory and the models that share it, every
/// model with its config, profiles, workload, tensor parallelism, engine limits and KV share. Paths are relative to the
/// file's folder. Every problem is reported as <c>file:line: expected …, found …</c>; a group whose weights do not fit,
/// or that leaves a model no KV block, is refused.
/// </summary>
public static class LlmSharingFile
{
    public static IReadOnlyList<LlmGpuGroup> Read(string path)
    {
        var file = JsonObjectFile.Read(path, "a JSON object with \"groups\" (a list of GPU groups)", "the sharing file");
        var errors = file.Errors;
        var specs = LlmSharingSpec.Parse(file);
        errors.ThrowIfAny();
        foreach (var group in specs)
            foreach (var m in group.Models)
            {
                if (!File.Exists(m.Model)) errors.Add(m.Line, $"expected a model config at \"{m.Model}\", found no file");
                if (!Directory.Exists(m.Profiles)) errors.Add(m.Line, $"expected a profile folder at \"{m.Profiles}\", found none");
                if (!File.Exists(m.Workload)) errors.Add(m.Line, $"expected a workload at \"{m.Workload}\", found no file");
            }
        errors.ThrowIfAny();
        var names = new HashSet<string>(StringComparer.Ordinal);
        var groups = new List<LlmGpuGroup>();
        for (int g = 0; g < specs.Count; g++)
        {
            var group = Build(specs[g], $"group {g + 1}", names, errors);
            if (group is not null) groups.Add(group);
        }
        errors.ThrowIfAny();
        return groups;
    }

    private static LlmGpuGroup? Build(GpuGroupSpec spec, string fallbackName, HashSet<string> names, InputErrorList errors)
    {
        var architectures = spec.Models.Select(m => HfModelConfig.Read(m.Model)).ToList();
        bool shaped = true;
        for (int i = 0; i < spec.Models.Count; i++)
        {
            var (m, model) = (spec.Models[i], architectures[i]);
            if (model.SizeProblem() is string tooBig) { errors.Add(m.Line, $"{m.Model}: {tooBig}"); shaped = false; }
            else if (model.TensorParallelProblem(m.Tp) is string problem) { errors.Add(m.Line, problem); shaped = false; }
            if (m.Tp != spec.Models[0].Tp)
            {
                errors.Add(m.Line, $"expected every model of a GPU group to be tensor-parallel over the group's {spec.Models[0].Tp} GPU(s) (\"tp\": {spec.Models[0].Tp}), found \"tp\": {m.Tp}");
                shaped = false;
            }
            string name = m.Name ?? model.Name;
            if (!names.Add(name))
                errors.Add(m.Line, $"expected a model name unique in the file (give it a \"name\"), found \"{name}\" again");
        }
        if (!shaped) return null;
        double memory = spec.MemoryGb * 1e9;
        long weights = 0;
        for (int i = 0; i < spec.Models.Count; i++) weights += architectures[i].WeightBytesPerGpu(spec.Models[i].Tp);
        double free = LlmKvSplit.FreeBytes(memory, spec.Utilization, weights);
        string budget = string.Create(CultureInfo.InvariantCulture, $"{LlmSharingSpec.Gb(memory * spec.Utilization)} GB per GPU (gpu_memory_gb {spec.MemoryGb} × gpu_memory_utilization {spec.Utilization})");
        if (free <= 0)
        {
            errors.Add(spec.Line, $"expected the weights of every model of the group ({string.Join(" + ", spec.Models.Select((m, i) => LlmSharingSpec.Gb(architectures[i].WeightBytesPerGpu(m.Tp))))} GB per GPU) to fit in {budget}, found {LlmSharingSpec.Gb(-free)} GB too many");
            return null;
        }
        var workloads = spec.Models.Select(ReadWorkload).ToList();
        var blockBytes = spec.Models.Select((m, i) => LlmKvSplit.BlockBytes(architectures[i], m.Tp, m.BlockSize)).ToList();
        // Without "kv_share" a model's share is 1: equal bytes per GPU for every model without "kv_blocks".
        var shares = spec.Models.Select(m => m.KvShare ?? 1).ToList();
        var blocks = LlmKvSplit.Blocks(free, blockBytes, [.. spec.Models.Select(m => m.KvBlocks)], shares, out double leftOver);
        if (leftOver < 0)
        {
            errors.Add(spec.Line, $"expected the models' \"kv_blocks\" to fit in the {LlmSharingSpec.Gb(free)} GB per GPU that {budget} leaves after the weights, found {LlmSharingSpec.Gb(-leftOver)} GB too many");
            return null;
        }
        // Each block's state is allocated up front: a memory size typed wrong must not ask for gigabytes of it (in the
        // group, or for a model alone on the group's GPUs, as --alone runs it).
        long mostBlocks = blocks.Sum(b => (long)b);
        for (int i = 0; i < spec.Models.Count; i++)
            mostBlocks = Math.Max(mostBlocks, LlmEngineConfig.BlocksFromMemory(architectures[i], spec.Models[i].Tp, memory, spec.Utilization, spec.Models[i].BlockSize));
        if (mostBlocks > Limits.MaxKvBlocks)
        {
            errors.Add(spec.Line, string.Create(CultureInfo.InvariantCulture,
                $"expected at most {Limits.MaxKvBlocks} KV cache blocks in a GPU group, or for one of its models alone on it (the limit), found {mostBlocks} from gpu_memory_gb {spec.MemoryGb}"));
            return null;
        }
        var models = new List<LlmSharedModel>();
        for (int i = 0; i < spec.Models.Count; i++)
        {
            var (m, model) = (spec.Models[i], architectures[i]);
            if (blocks[i] < 1)
            {
                errors.Add(m.Line, $"expected memory for at least one KV block ({LlmSharingSpec.Gb(blockBytes[i])} GB) of {m.Name ?? model.Name} in what {budget} leaves after the weights, found none");
                continue;
            }
            var engine = new LlmEngineConfig(m.MaxNumSeqs, m.MaxNumBatchedTokens, m.BlockSize, blocks[i], m.PrefixCaching);
            var profile = LayerProfileFolder.Read(LayerProfileFolder.Resolve(m.Profiles, model.Name, m.Tp));
            var deployment = new LlmDeployment(model, m.Tp, engine, new IterationTiming(profile, model.Layers));
            models.Add(new LlmSharedModel(m.Name ?? model.Name, deployment, workloads[i], m.TtftSloMs / 1000, m.TpotSloMs / 1000));
        }
        if (models.Count < spec.Models.Count) return null;
        return new LlmGpuGroup(spec.Name ?? fallbackName, models, memory, spec.Utilization, spec.Order);
    }

    /// <summary>JSON Lines keep their prompts' block hashes (for prefix caching); an Azure trace has no token ids.</summary>
    private static LlmWorkload ReadWorkload(SharedModelSpec m) => LlmWorkloadFiles.Read(m.Workload, m.BlockSize);
}
