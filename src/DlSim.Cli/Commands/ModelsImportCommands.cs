using System.CommandLine;
using System.Globalization;
using DlSim.Formats.Profiles;
using DlSim.Foundation;
using DlSim.Model.Profiles;

namespace DlSim.Cli.Commands;

/// <summary><c>dlsim models import</c> (AlpaServe profiling table) and <c>dlsim models synth</c> (derived family).</summary>
public static class ModelsImportCommands
{
    public static Command Import(CliContext context)
    {
        var file = new Argument<string>("TABLE") { Description = "Tab-separated profiling table as AlpaServe's profiler writes it." };
        var output = new Option<string>("--output", "-o") { Description = "Profile file to write (JSON).", Required = true }.IsOutputFile();
        var gpusPerNode = new Option<int>("--gpus-per-node")
        { Description = "GPUs per node, to shape meshes of stages wider than one node.", DefaultValueFactory = _ => 8 };
        var command = new Command("import",
            "Convert an AlpaServe profiling table (ModelName, BS, #Microbatch, DP, OP, PP, #GPU, MeanTime(s), StdTime(s), TFLOPs, StageWeights(B), StagePeakMem(B), StageLatencies(s)) into a profile file.");
        command.Arguments.Add(file);
        command.Options.Add(output);
        command.Options.Add(gpusPerNode);
        command.SetAction(parse =>
        {
            int perNode = parse.GetValue(gpusPerNode);
            if (perNode < 1) throw new InputException("--gpus-per-node", 0, $"expected at least 1, found {perNode}");
            var executables = AlpaServeProfileCsv.Read(parse.GetValue(file)!, perNode);
            string path = parse.GetValue(output)!;
            ProfileJson.Write(executables, path);
            context.Out.WriteLine($"{path}: {executables.Count} executables ({string.Join(", ", executables.Select(e => e.Name))})");
            return ExitCodes.Ok;
        });
        return command;
    }

    public static Command Synth(CliContext context)
    {
        var defaults = new SyntheticFamily();
        var model = new Option<string>("--model") { Description = "Model name (executables are named MODEL_ppP_opO).", Required = true };
        var latency = new Option<double>("--latency") { Description = "Single-GPU latency at batch size 1, seconds.", Required = true };
        var weights = new Option<long>("--weights") { Description = "Weight bytes of the whole model.", Required = true };
        var activation = new Option<long>("--activation") { Description = "Working memory of one run at batch size 1, bytes.", DefaultValueFactory = _ => 0 };
        var pp = new Option<string>("--pp") { Description = "Pipeline degrees, comma-separated.", DefaultValueFactory = _ => "1,2,4" };
        var op = new Option<string>("--op") { Description = "Tensor degrees, comma-separated.", DefaultValueFactory = _ => "1,2" };
        var overhead = new Option<double>("--stage-overhead") { Description = "Seconds each pipeline stage adds.", DefaultValueFactory = _ => defaults.StageOverheadS };
        var comm = new Option<double>("--comm-fraction") { Description = "Extra time per extra tensor-parallel GPU, as a fraction of the split compute.", DefaultValueFactory = _ => defaults.CommFraction };
        var slope = new Option<double>("--batch-slope") { Description = "Extra latency per extra request in a batch, as a fraction of batch-1 latency.", DefaultValueFactory = _ => defaults.BatchSlope };
        var batches = new Option<string>("--batch-sizes") { Description = "Batch sizes to list, ascending, comma-separated.", DefaultValueFactory = _ => "1" };
        var output = new Option<string>("--output", "-o") { Description = "Profile file to write (JSON).", Required = true }.IsOutputFile();
        var command = new Command("synth", "Derive executables for pipeline and tensor degrees from single-GPU figures with the documented cost model.");
        foreach (var o in new Option[] { model, latency, weights, activation, pp, op, overhead, comm, slope, batches, output }) command.Options.Add(o);
        command.SetAction(parse =>
        {
            var family = new SyntheticFamily
            {
                LatencyS = Positive(parse.GetValue(latency), "--latency"),
                WeightBytes = Bytes(parse.GetValue(weights), "--weights"),
                ActivationBytes = Bytes(parse.GetValue(activation), "--activation"),
                StageOverheadS = NonNegative(parse.GetValue(overhead), "--stage-overhead"),
                CommFraction = NonNegative(parse.GetValue(comm), "--comm-fraction"),
                BatchSlope = NonNegative(parse.GetValue(slope), "--batch-slope"),
                BatchSizes = Degrees(parse.GetValue(batches)!, "--batch-sizes", Limits.MaxBatchSize, ascending: true),
            };
            if (family.ActivationBytes > Limits.MaxBytes / family.BatchSizes[^1])
                throw new InputException("--activation", 0, $"expected activation × largest batch size at most {Limits.MaxBytes} bytes (the limit), found {family.ActivationBytes} × {family.BatchSizes[^1]}");
            string name = parse.GetValue(model)!;
            var executables = (from p in Degrees(parse.GetValue(pp)!, "--pp", Limits.MaxStages) from o in Degrees(parse.GetValue(op)!, "--op", Limits.MaxStageGpus) select family.Derive(name, p, o)).ToList();
            string path = parse.GetValue(output)!;
            ProfileJson.Write(executables, path);
            context.Out.WriteLine($"{path}: {executables.Count} executables of {name}");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static double Positive(double x, string flag) =>
        x > 0 && double.IsFinite(x) ? x : throw new InputException(flag, 0, $"expected a number > 0, found {x.ToString(CultureInfo.InvariantCulture)}");

    private static double NonNegative(double x, string flag) =>
        x >= 0 && double.IsFinite(x) ? x : throw new InputException(flag, 0, $"expected a finite number ≥ 0, found {x.ToString(CultureInfo.InvariantCulture)}");

    private static long Bytes(long x, string flag) =>
        x >= 0 && x <= Limits.MaxBytes ? x : throw new InputException(flag, 0, $"expected a number of bytes from 0 to {Limits.MaxBytes} (the limit), found {x}");

    private static int[] Degrees(string text, string flag, int max, bool ascending = false)
    {
        var parts = text.Split(',', StringSplitOptions.TrimEntries);
        var values = new int[parts.Length];
        for (int i = 0; i < parts.Length; i++)
            if (!SeedNumbers.TryInt(parts[i], out values[i]) || values[i] < 1 || values[i] > max || (ascending && i > 0 && values[i] <= values[i - 1]))
                throw new InputException(flag, 0, $"expected {(ascending ? "ascending " : "")}whole numbers from 1 to {max} (the limit) separated by commas, found {ErrorText.Quote(text)}");
        return values;
    }
}
