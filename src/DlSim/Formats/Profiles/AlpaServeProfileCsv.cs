using DlSim.Cluster;
using DlSim.Formats.Files;
using DlSim.Foundation;
using DlSim.Model;

namespace DlSim.Formats.Profiles;

/// <summary>
/// Imports the tab-separated profiling table AlpaServe's profiler writes: columns
/// <c>ModelName, BS, #Microbatch, DP, OP, PP, #GPU, MeanTime(s), StdTime(s), TFLOPs, StageWeights(B),
/// StagePeakMem(B), StageLatencies(s)</c>, the last three bracketed per-stage lists; the header row may be
/// absent. Rows of one (model, DP, OP, PP) become one executable named <c>MODEL_dpD_opO_ppP</c> whose
/// batch sizes are the rows' BS. Memory figures in the table are per GPU; a stage runs on #GPU ÷ PP GPUs,
/// so its whole-stage bytes are the figure times that count, and activation = peak − weights. The
/// pipeline's StdTime is shared among stages in proportion to their latencies.
/// </summary>
public static class AlpaServeProfileCsv
{
    private const int Columns = 13;

    public static IReadOnlyList<Executable> Read(string path, int gpusPerNode = 8)
    {
        return Parse(InputFiles.ReadAllLines(path, "profiling table"), path, gpusPerNode);
    }

    public static IReadOnlyList<Executable> Parse(IReadOnlyList<string> lines, string file, int gpusPerNode = 8)
    {
        var errors = new InputErrorList(file);
        var groups = new Dictionary<(string, int, int, int), List<(int Line, int Batch, StageRow[] Stages)>>();
        var order = new List<(string Model, int Dp, int Op, int Pp)>();
        for (int i = 0; i < lines.Count; i++)
        {
            string line = lines[i];
            if (line.Trim().Length == 0 || (i == 0 && line.StartsWith("ModelName", StringComparison.Ordinal))) continue;
            var row = ParseRow(line, i + 1, errors);
            if (row is null) continue;
            var (model, batch, dp, op, pp, stages) = row.Value;
            var key = (model, dp, op, pp);
            if (!groups.TryGetValue(key, out var list)) { groups[key] = list = []; order.Add(key); }
            if (list.Any(r => r.Batch == batch))
            {
                errors.Add(i + 1, $"expected one row per batch size of {model} dp{dp} op{op} pp{pp}, found BS {batch} again");
                continue;
            }
            list.Add((i + 1, batch, stages));
        }
        errors.ThrowIfAny();
        if (order.Count == 0) throw new InputException(file, 0, "expected at least one profiling row, found none");
        return order.Select(k => Build(k.Model, k.Dp, k.Op, k.Pp, groups[k], gpusPerNode)).ToList();
    }

    private readonly record struct StageRow(double LatencyS, double StdS, long WeightBytes, long ActivationBytes);

    private static (string, int, int, int, int, StageRow[])? ParseRow(string line, int lineNo, InputErrorList errors)
    {
        var f = line.Split('\t');
        if (f.Length != Columns)
        {
            errors.Add(lineNo, $"expected {Columns} tab-separated columns (ModelName … StageLatencies(s)), found {f.Length}");
            return null;
        }
        string model = f[0].Trim();
        int[] ints = new int[6];
        string[] names = ["BS", "#Microbatch", "DP", "OP", "PP", "#GPU"];
        int[] max = [Limits.MaxBatchSize, int.MaxValue, Limits.MaxStageGpus, Limits.MaxStageGpus, Limits.MaxStages, int.MaxValue];
        for (int c = 0; c < 6; c++)
            if (!SeedNumbers.TryInt(f[c + 1], out ints[c]) || ints[c] < 1 || ints[c] > max[c])
            {
                errors.Add(lineNo, $"expected {names[c]} a whole number from 1 to {max[c]} (the limit), found {ErrorText.Quote(f[c + 1])}");
                return null;
            }
        var (batch, dp, op, pp, gpus) = (ints[0], ints[2], ints[3], ints[4], ints[5]);
        if ((long)dp * op > Limits.MaxStageGpus) { errors.Add(lineNo, $"expected DP × OP at most {Limits.MaxStageGpus} GPUs per stage (the limit), found {(long)dp * op}"); return null; }
        if (gpus != (long)dp * op * pp) { errors.Add(lineNo, $"expected #GPU = DP × OP × PP = {(long)dp * op * pp}, found {gpus}"); return null; }
        if (!SeedNumbers.TryDouble(f[8], out double std) || std < 0 || std > Limits.MaxSeconds) { errors.Add(lineNo, $"expected StdTime(s) ≥ 0, found \"{f[8]}\""); return null; }
        var weights = SeedNumbers.TryList(f[10]);
        var peaks = SeedNumbers.TryList(f[11]);
        var latencies = SeedNumbers.TryList(f[12]);
        if (weights is null || peaks is null || latencies is null)
        {
            errors.Add(lineNo, $"expected StageWeights(B), StagePeakMem(B) and StageLatencies(s) as bracketed lists like [1.0, 2.0], found \"{f[10]}\", \"{f[11]}\", \"{f[12]}\"");
            return null;
        }
        if (weights.Length != pp || peaks.Length != pp || latencies.Length != pp)
        {
            errors.Add(lineNo, $"expected {pp} per-stage values (PP) in each list, found {weights.Length}, {peaks.Length}, {latencies.Length}");
            return null;
        }
        int stageGpus = gpus / pp;
        double total = latencies.Sum();
        var stages = new StageRow[pp];
        for (int s = 0; s < pp; s++)
        {
            if (!(latencies[s] > 0 && latencies[s] <= Limits.MaxSeconds)) { errors.Add(lineNo, $"expected stage latencies > 0 and at most 1e12 s (the limit), found {latencies[s]} for stage {s}"); return null; }
            if (weights[s] < 0 || peaks[s] < weights[s]) { errors.Add(lineNo, $"expected 0 ≤ weights ≤ peak memory for stage {s}, found {weights[s]} and {peaks[s]}"); return null; }
            if (!(peaks[s] * stageGpus <= Limits.MaxBytes))
            {
                errors.Add(lineNo, $"expected stage peak memory × GPUs at most {Limits.MaxBytes} bytes (the limit), found {peaks[s] * stageGpus:G6} for stage {s}");
                return null;
            }
            stages[s] = new StageRow(latencies[s], std * latencies[s] / total,
                (long)Math.Round(weights[s] * stageGpus), (long)Math.Round((peaks[s] - weights[s]) * stageGpus));
        }
        return (model, batch, dp, op, pp, stages);
    }

    private static Executable Build(string model, int dp, int op, int pp, List<(int Line, int Batch, StageRow[] Stages)> rows, int gpusPerNode)
    {
        rows.Sort((a, b) => a.Batch.CompareTo(b.Batch));
        int stageGpus = dp * op;
        var shape = stageGpus <= gpusPerNode ? new MeshShape(1, stageGpus) : new MeshShape((stageGpus + gpusPerNode - 1) / gpusPerNode, gpusPerNode);
        var stages = new StageSpec[pp];
        for (int s = 0; s < pp; s++)
        {
            var points = rows.Select(r => new BatchPoint(r.Batch, r.Stages[s].LatencyS, r.Stages[s].StdS, r.Stages[s].ActivationBytes)).ToArray();
            stages[s] = new StageSpec(shape, points, rows[0].Stages[s].WeightBytes);
        }
        return new Executable(model, $"{model}_dp{dp}_op{op}_pp{pp}", stages);
    }
}
