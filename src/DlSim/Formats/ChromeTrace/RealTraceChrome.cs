using DlSim.Analysis;
using DlSim.Foundation;

namespace DlSim.Formats.ChromeTrace;

/// <summary>
/// A real trace as a Chrome/Perfetto trace laid out like the simulator's (pid = node, tid = GPU, one slice
/// per request × stage × GPU named <c>r{request}.s{stage}</c>), so real and simulated timelines can be
/// opened side by side and read the same way.
/// </summary>
public static class RealTraceChrome
{
    /// <summary>Real runs have no replica index (the trace does not record one); slices carry this instead.</summary>
    public const int UnknownReplica = -1;

    /// <summary>Writes the trace atomically to <paramref name="path"/>; returns the number of slices written.</summary>
    /// <param name="gpusPerNode">GPUs per node of the traced cluster: every GPU gets a named track, and larger indices are bad input.</param>
    /// <exception cref="InputException">A run names a GPU index ≥ <paramref name="gpusPerNode"/> (nothing is written).</exception>
    public static long Write(RealTrace trace, string path, int gpusPerNode)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(gpusPerNode, 1);
        int maxNode = CheckGpus(trace, gpusPerNode);
        var order = StartOrder(trace);

        using var writer = new ChromeTraceWriter(path);
        for (int node = 0; node <= maxNode; node++)
        {
            writer.ProcessName(node, $"node {node}");
            for (int gpu = 0; gpu < gpusPerNode; gpu++) writer.ThreadName(node, gpu, $"GPU {gpu}");
        }
        long slices = 0;
        foreach (var (_, model, stage, j) in order)
        {
            var m = trace.Models[model];
            var run = m.Stages[stage][j];
            string name = $"r{m.RequestIds[j]}.s{stage}";
            for (int i = 0; i < run.Mesh.NodeIds.Count; i++)
                foreach (int gpu in run.Mesh.Devices[i])
                {
                    writer.Complete(name, run.Mesh.NodeIds[i], gpu, run.StartS, run.EndS, m.RequestIds[j], UnknownReplica);
                    slices++;
                }
        }
        writer.Commit();
        return slices;
    }

    /// <summary>Reports runs on GPUs the cluster does not have (first per stage list); returns the largest node id.</summary>
    private static int CheckGpus(RealTrace trace, int gpusPerNode)
    {
        var errors = new InputErrorList(trace.File);
        int maxNode = 0;
        foreach (var m in trace.Models)
            for (int s = 0; s < m.StageCount; s++)
                foreach (var run in m.Stages[s])
                {
                    if (!Fits(run, gpusPerNode, ref maxNode))
                    {
                        errors.Add(run.Line, $"expected GPU indices below {gpusPerNode} (GPUs per node, -d) in stage {s} of model {m.ModelId}, found {Describe(run)}");
                        break;
                    }
                }
        errors.ThrowIfAny();
        return maxNode;
    }

    private static bool Fits(in RealStageRun run, int gpusPerNode, ref int maxNode)
    {
        for (int i = 0; i < run.Mesh.NodeIds.Count; i++)
        {
            maxNode = Math.Max(maxNode, run.Mesh.NodeIds[i]);
            foreach (int gpu in run.Mesh.Devices[i])
                if (gpu >= gpusPerNode) return false;
        }
        return true;
    }

    private static string Describe(in RealStageRun run)
    {
        var parts = new List<string>();
        for (int i = 0; i < run.Mesh.NodeIds.Count; i++)
            parts.Add($"node {run.Mesh.NodeIds[i]} GPU(s) {string.Join(", ", run.Mesh.Devices[i])}");
        return string.Join("; ", parts);
    }

    /// <summary>Runs ordered by start time (ties: file order), so the file reads like a timeline and is the same on every machine.</summary>
    private static List<(double Start, int Model, int Stage, int Entry)> StartOrder(RealTrace trace)
    {
        var runs = new List<(double Start, int Model, int Stage, int Entry)>();
        for (int m = 0; m < trace.Models.Count; m++)
        {
            var model = trace.Models[m];
            for (int s = 0; s < model.StageCount; s++)
                for (int j = 0; j < model.Count; j++) runs.Add((model.Stages[s][j].StartS, m, s, j));
        }
        // Tuples compare element by element, so equal starts fall back to (model, stage, entry): file order.
        runs.Sort();
        return runs;
    }
}
