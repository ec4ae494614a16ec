namespace DlSim.Analysis.Calibration;

/// <summary>A real stage run attributed to a replica. Runs of one request's stages are consecutive, stage 0 first.</summary>
/// <param name="ReceiptS">Arrival for stage 0; the previous stage's real end otherwise.</param>
internal readonly record struct AttributedRun(double StartS, double EndS, double ReceiptS, int[] Gpus, int Replica, int Stage);

/// <summary>
/// Finds the later-stage runs that waited for their mesh. A pipeline stage is received when it is handed over, and in the
/// reference traces the sender holds its output (and its GPUs) until the receiving mesh is ready: a real end can be late
/// because of the receiver, so the receipt says nothing. The sender's start does: it would have ended at its start + its
/// unhindered run time (the median run of that stage on an idle mesh). A later stage waited for its mesh when
/// <list type="number">
/// <item>it started more than <see cref="ThresholdS"/> after that unhindered end, and</item>
/// <item>its mesh had freed shortly before: start − the mesh's previous end is at most twice the stage's typical such wait
/// (the median over the runs meeting 1) plus <see cref="ThresholdS"/>. A sender that straggled also starts its receiver
/// late, but on a mesh idle for long; this tells the two apart.</item>
/// </list>
/// </summary>
internal static class HandoffDetection
{
    /// <summary>
    /// How much later than the sender's unhindered end a stage must start to count as having waited: above the noise of a
    /// run's end in the reference traces (0.1–0.2 ms), below their hand-off gaps (2.5–3.4 ms).
    /// </summary>
    public const double ThresholdS = 0.5e-3;

    /// <param name="previousEnd">Per run, the latest end of an earlier-started run on any of its GPUs (−∞ when none).</param>
    /// <returns>Per run: true for a later stage that waited for its mesh (always false for stage 0).</returns>
    public static bool[] WaitedForMesh(IReadOnlyList<AttributedRun> runs, double[] previousEnd)
    {
        var unhindered = UnhinderedRunTimes(runs, previousEnd);
        var late = new double[runs.Count];
        var sinceFree = new double[runs.Count];
        var typical = new Dictionary<(int, int), List<double>>();
        for (int i = 0; i < runs.Count; i++)
        {
            var run = runs[i];
            if (run.Stage == 0 || previousEnd[i] == double.NegativeInfinity) { late[i] = double.NaN; continue; }
            var sender = runs[i - 1];
            late[i] = run.StartS - (sender.StartS + unhindered[(sender.Replica, sender.Stage)]);
            sinceFree[i] = run.StartS - previousEnd[i];
            if (late[i] <= ThresholdS) continue;
            var key = (run.Replica, run.Stage);
            if (!typical.TryGetValue(key, out var list)) typical[key] = list = [];
            list.Add(sinceFree[i]);
        }
        var bound = typical.ToDictionary(t => t.Key, t => 2 * RobustStatistics.Median(t.Value.ToArray()) + ThresholdS);
        var waited = new bool[runs.Count];
        for (int i = 0; i < runs.Count; i++)
            waited[i] = late[i] > ThresholdS && sinceFree[i] <= bound[(runs[i].Replica, runs[i].Stage)];
        return waited;
    }

    /// <summary>Per (replica, stage): the median run time of the runs whose mesh was idle when they were received.</summary>
    private static Dictionary<(int Replica, int Stage), double> UnhinderedRunTimes(IReadOnlyList<AttributedRun> runs, double[] previousEnd)
    {
        var durations = new Dictionary<(int, int), List<double>>();
        for (int i = 0; i < runs.Count; i++)
        {
            var key = (runs[i].Replica, runs[i].Stage);
            if (!durations.TryGetValue(key, out var list)) durations[key] = list = [];
            if (previousEnd[i] <= runs[i].ReceiptS) list.Add(runs[i].EndS - runs[i].StartS);
        }
        return durations.ToDictionary(d => d.Key, d => d.Value.Count > 0 ? RobustStatistics.Median(d.Value.ToArray()) : 0);
    }
}
