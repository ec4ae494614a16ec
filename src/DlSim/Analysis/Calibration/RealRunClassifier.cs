using DlSim.Foundation;
using DlSim.Model;
using DlSim.Placement;
using DlSim.Workloads;

namespace DlSim.Analysis.Calibration;

/// <summary>A real trace with the inputs that produced it: what calibration fits from.</summary>
/// <param name="PlacementName">The placement file as the user named it (for error messages and the calibration file).</param>
/// <param name="WorkloadName">The workload file as the user named it.</param>
public sealed record CalibrationSource(RealTrace Trace, Workload Workload, Deployment Deployment, string PlacementName, string WorkloadName);

/// <summary>One real run of a stage as calibration sees it.</summary>
/// <param name="Source">Index of the source (trace) it came from; runs of one source are in start order.</param>
/// <param name="Queued">True when the mesh was still busy with an earlier run when the stage was received.</param>
/// <param name="WaitS">Queued: start − the previous run's end on the same GPUs (the busy gap). Idle: start − receipt (the idle delay).</param>
/// <param name="Blocked">The next stage's mesh was busy when this run would have ended, so its end waited for the hand-off
/// and its duration says nothing about its run time.</param>
/// <param name="SinceFreeS">Idle: receipt − the previous run's end on the same GPUs (+∞ when none). Queued: 0.</param>
public readonly record struct ObservedRun(int Source, double DurationS, bool Queued, double WaitS, bool Blocked = false,
    double SinceFreeS = double.PositiveInfinity);

/// <summary>Every observed run of one executable, per stage.</summary>
public sealed class ExecutableRuns(string executable, int stageCount)
{
    public string Executable { get; } = executable;
    public List<ObservedRun>[] Stages { get; } = Enumerable.Range(0, stageCount).Select(_ => new List<ObservedRun>()).ToArray();
    /// <summary>Indices of the sources it ran in, ascending.</summary>
    public SortedSet<int> Sources { get; } = [];
}

/// <summary>
/// Attributes each real run to the replica whose meshes it ran on (so to an executable and stage) and classifies
/// it as queued or idle. A first stage was queued when some of its GPUs' latest real run (in start order) ended after
/// the arrival; a later stage when it waited for its mesh (<see cref="HandoffDetection"/>), and then its sender was
/// blocked (held its output until the hand-off).
/// </summary>
public static class RealRunClassifier
{
    /// <summary>Adds the runs of <paramref name="source"/> to <paramref name="byExecutable"/> (created as needed).</summary>
    /// <exception cref="InputException">The trace does not record the workload, or a run is on GPUs no replica of its service uses.</exception>
    public static void Collect(CalibrationSource source, int sourceIndex, Dictionary<string, ExecutableRuns> byExecutable)
    {
        var deployment = source.Deployment;
        var workload = source.Workload;
        TraceMatching.Check(workload, source.Trace, id => UniformStageCount(deployment, workload.ModelIds[id]), "its replica in the placement runs");
        var runs = Attribute(source);
        // Start order; equal starts keep file order, so the result is the same on every machine.
        var byStart = Enumerable.Range(0, runs.Count).ToArray();
        Array.Sort(byStart, (a, b) => runs[a].StartS != runs[b].StartS ? runs[a].StartS.CompareTo(runs[b].StartS) : a.CompareTo(b));
        var previousEnd = PreviousEnds(runs, byStart, deployment.Cluster.GpuCount);
        var queued = HandoffDetection.WaitedForMesh(runs, previousEnd); // later stages; first stages below
        var blocked = new bool[runs.Count];
        for (int i = 0; i < runs.Count; i++)
        {
            if (runs[i].Stage == 0) queued[i] = previousEnd[i] > runs[i].ReceiptS;
            else if (queued[i]) blocked[i - 1] = true; // the sender held its output until this stage could start
        }
        foreach (int i in byStart)
        {
            var run = runs[i];
            double wait = queued[i] ? run.StartS - previousEnd[i] : run.StartS - run.ReceiptS;
            var executable = deployment.Replicas[run.Replica].Executable;
            if (!byExecutable.TryGetValue(executable.Name, out var target))
                byExecutable[executable.Name] = target = new ExecutableRuns(executable.Name, executable.StageCount);
            double sinceFree = queued[i] ? 0 : run.ReceiptS - previousEnd[i];
            target.Stages[run.Stage].Add(new ObservedRun(sourceIndex, run.EndS - run.StartS, queued[i], wait, blocked[i], sinceFree));
            target.Sources.Add(sourceIndex);
        }
    }

    /// <summary>For each run, the latest end of an earlier-started run on any of its GPUs (−∞ when none).</summary>
    private static double[] PreviousEnds(List<AttributedRun> runs, int[] byStart, int gpuCount)
    {
        var lastEnd = new double[gpuCount];
        Array.Fill(lastEnd, double.NegativeInfinity);
        var previous = new double[runs.Count];
        foreach (int i in byStart)
        {
            double end = double.NegativeInfinity;
            foreach (int g in runs[i].Gpus) end = Math.Max(end, lastEnd[g]);
            previous[i] = end;
            foreach (int g in runs[i].Gpus) lastEnd[g] = Math.Max(lastEnd[g], runs[i].EndS);
        }
        return previous;
    }

    /// <summary>Every run of the trace with its replica, GPUs and receipt time; reports runs no replica explains.</summary>
    private static List<AttributedRun> Attribute(CalibrationSource source)
    {
        var errors = new InputErrorList(source.Trace.File);
        var deployment = source.Deployment;
        var runs = new List<AttributedRun>();
        foreach (var model in source.Trace.Models)
        {
            int service = deployment.ServiceOfModel[model.ModelId];
            for (int j = 0; j < model.Count; j++)
            {
                var gpus = new int[model.StageCount][];
                string? problem = null;
                for (int s = 0; s < model.StageCount && problem is null; s++) gpus[s] = DenseGpus(model.Stages[s][j], deployment, out problem);
                int replica = problem is null ? FindReplica(deployment, service, gpus) : -1;
                if (replica < 0)
                {
                    problem ??= $"expected request {model.RequestIds[j]} of model {model.ModelId} on the meshes of a replica of service {deployment.Services[service]} in {source.PlacementName}, found {Describe(model, j)}";
                    errors.Add(model.Stages[0][j].Line, problem);
                    break; // one line per model: a wrong placement usually misplaces every request
                }
                for (int s = 0; s < model.StageCount; s++)
                {
                    var r = model.Stages[s][j];
                    double receipt = s == 0 ? model.ArrivalsS[j] : model.Stages[s - 1][j].EndS;
                    runs.Add(new AttributedRun(r.StartS, r.EndS, receipt, gpus[s], replica, s));
                }
            }
        }
        errors.ThrowIfAny();
        return runs;
    }

    private static int[] DenseGpus(in RealStageRun run, Deployment deployment, out string? problem)
    {
        problem = null;
        var cluster = deployment.Cluster;
        var mesh = run.Mesh;
        for (int i = 0; i < mesh.NodeIds.Count; i++)
            foreach (int gpu in mesh.Devices[i])
                if (!cluster.Contains(mesh.NodeIds[i], gpu))
                {
                    problem = $"expected GPUs of the {cluster.Nodes} × {cluster.GpusPerNode} cluster (-n, -d), found GPU {gpu} of node {mesh.NodeIds[i]}";
                    return [];
                }
        return mesh.GpuIndices(cluster);
    }

    /// <summary>The first replica of the service (file order) whose every stage mesh has exactly these GPUs, or −1.</summary>
    private static int FindReplica(Deployment deployment, int service, int[][] gpus)
    {
        foreach (var r in deployment.Replicas)
        {
            if (r.ServiceIndex != service || r.StageGpus.Count != gpus.Length) continue;
            bool same = true;
            for (int s = 0; s < gpus.Length && same; s++) same = r.StageGpus[s].AsSpan().SequenceEqual(gpus[s]);
            if (same) return r.Index;
        }
        return -1;
    }

    /// <summary>The stage count every replica of the model's service has, or −1 when they differ (meshes decide later).</summary>
    private static int UniformStageCount(Deployment deployment, int model)
    {
        int service = deployment.ServiceOfModel[model], count = -1;
        foreach (var r in deployment.Replicas)
        {
            if (r.ServiceIndex != service) continue;
            if (count >= 0 && count != r.Executable.StageCount) return -1;
            count = r.Executable.StageCount;
        }
        return count;
    }

    private static string Describe(RealModelTrace model, int j)
    {
        var parts = new List<string>();
        for (int s = 0; s < model.StageCount; s++)
        {
            var mesh = model.Stages[s][j].Mesh;
            var gpus = Enumerable.Range(0, mesh.NodeIds.Count).Select(i => $"node {mesh.NodeIds[i]} GPU(s) {string.Join(",", mesh.Devices[i])}");
            parts.Add($"stage {s} on {string.Join("; ", gpus)}");
        }
        return string.Join(", ", parts);
    }
}
