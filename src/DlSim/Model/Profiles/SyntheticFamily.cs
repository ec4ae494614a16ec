using DlSim.Cluster;

namespace DlSim.Model.Profiles;

/// <summary>
/// Executables derived from one GPU's figures when nothing was measured. For pipeline degree pp and
/// tensor degree op, each of the pp stages runs on a (1, op) mesh and takes
/// <c>latency(b) / pp × (1 + CommFraction × (op − 1)) / op + (pp &gt; 1 ? StageOverheadS : 0)</c>,
/// where <c>latency(b) = LatencyS × (1 + BatchSlope × (b − 1))</c>; a stage holds weights ÷ pp and needs
/// <c>ActivationBytes × b</c> of working memory. Defaults fitted to the measured Bert_125M and Bert_2.6B
/// executables (see docs/model.md for how close they come).
/// </summary>
public sealed record SyntheticFamily
{
    /// <summary>Single-GPU latency at batch size 1, seconds.</summary>
    public double LatencyS { get; init; } = 0.1;
    public long WeightBytes { get; init; }
    /// <summary>Working memory of one run at batch size 1 (whole stage), bytes.</summary>
    public long ActivationBytes { get; init; }
    /// <summary>Fixed cost each pipeline stage adds (hand-off between stages), seconds.</summary>
    public double StageOverheadS { get; init; } = 0.0006;
    /// <summary>Extra time per additional tensor-parallel GPU, as a fraction of the split compute.</summary>
    public double CommFraction { get; init; } = 0.41;
    /// <summary>Extra latency per additional request in a batch, as a fraction of batch-1 latency.</summary>
    public double BatchSlope { get; init; } = 0.35;
    public IReadOnlyList<int> BatchSizes { get; init; } = [1];

    public Executable Derive(string model, int pp, int op)
    {
        if (pp < 1 || op < 1) throw new ArgumentOutOfRangeException(nameof(pp), "degrees must be ≥ 1");
        var stages = new StageSpec[pp];
        for (int s = 0; s < pp; s++)
        {
            var points = BatchSizes.Select(b => new BatchPoint(b, StageLatency(pp, op, b), 0, ActivationBytes * b)).ToArray();
            stages[s] = new StageSpec(new MeshShape(1, op), points, WeightBytes / pp);
        }
        return new Executable(model, $"{model}_pp{pp}_op{op}", stages);
    }

    public double StageLatency(int pp, int op, int batch)
    {
        double single = LatencyS * (1 + BatchSlope * (batch - 1));
        return single / pp * (1 + CommFraction * (op - 1)) / op + (pp > 1 ? StageOverheadS : 0);
    }
}
