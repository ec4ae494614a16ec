using DlSim.Cluster;

namespace DlSim.Placement;

/// <summary>One replica ("mesh executor") as the placement file states it: a service, an executable, one mesh per stage.</summary>
/// <param name="Line">Line of the replica in its file (for error messages); 0 when built in code.</param>
public sealed record ReplicaSpec(string ServiceName, string ModelName, string ExecutableName, IReadOnlyList<SubMesh> Meshes, int Line = 0)
{
    public bool Equals(ReplicaSpec? other) =>
        other is not null && ServiceName == other.ServiceName && ModelName == other.ModelName &&
        ExecutableName == other.ExecutableName && Meshes.SequenceEqual(other.Meshes);

    public override int GetHashCode() => HashCode.Combine(ServiceName, ExecutableName);
}

/// <summary>A placement: every replica, in file order (the order that breaks routing ties).</summary>
public sealed record PlacementSpec(IReadOnlyList<ReplicaSpec> Replicas)
{
    /// <summary>Distinct service names in order of first appearance.</summary>
    public IReadOnlyList<string> ServiceNames()
    {
        var names = new List<string>();
        foreach (var r in Replicas) if (!names.Contains(r.ServiceName)) names.Add(r.ServiceName);
        return names;
    }

    public bool Equals(PlacementSpec? other) => other is not null && Replicas.SequenceEqual(other.Replicas);
    public override int GetHashCode() => Replicas.Count;
}
