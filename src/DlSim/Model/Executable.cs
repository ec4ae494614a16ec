using DlSim.Cluster;

namespace DlSim.Model;

/// <summary>One pipeline stage of an executable.</summary>
/// <param name="Shape">The sub-mesh shape the stage needs.</param>
/// <param name="LatencyS">Latency in seconds of one stage run (batch size 1); &gt; 0.</param>
public readonly record struct StageSpec(MeshShape Shape, double LatencyS);

/// <summary>A compiled way to run a model: its pipeline stages, each on a sub-mesh of a given shape.</summary>
public sealed record Executable(string ModelName, string Name, IReadOnlyList<StageSpec> Stages)
{
    public int StageCount => Stages.Count;

    public bool Equals(Executable? other) =>
        other is not null && ModelName == other.ModelName && Name == other.Name && Stages.SequenceEqual(other.Stages);

    public override int GetHashCode() => HashCode.Combine(ModelName, Name, Stages.Count);
}
