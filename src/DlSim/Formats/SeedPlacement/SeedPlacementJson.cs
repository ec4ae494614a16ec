using System.Text;
using System.Text.Json;
using DlSim.Cluster;
using DlSim.Formats.Files;
using DlSim.Formats.Json;
using DlSim.Foundation;
using DlSim.Placement;

namespace DlSim.Formats.SeedPlacement;

/// <summary>
/// The seed's placement JSON: an array of replicas, each
/// <c>{service_name, model_name, executable_name, mesh_group: [{node_ids: [..], devices: [[..], ..]}, ..]}</c>.
/// </summary>
public static class SeedPlacementJson
{
    private static readonly string[] ReplicaFields = ["service_name", "model_name", "executable_name", "mesh_group"];
    private static readonly string[] MeshFields = ["node_ids", "devices"];

    public static PlacementSpec Read(string path) => Parse(JsonNode.ParseFile(path), path);

    public static PlacementSpec Parse(JsonNode root, string file)
    {
        var errors = new InputErrorList(file);
        if (root.Kind != JsonKind.Array)
            throw new InputException(file, root.Line, $"expected a list of replicas, found {root.KindName}");
        var replicas = new List<ReplicaSpec>();
        foreach (var item in root.Items)
        {
            var replica = ParseReplica(item, errors);
            if (replica is not null) replicas.Add(replica);
        }
        errors.ThrowIfAny();
        return new PlacementSpec(replicas);
    }

    private static ReplicaSpec? ParseReplica(JsonNode node, InputErrorList errors)
    {
        if (node.Kind != JsonKind.Object) { errors.Add(node.Line, $"expected a replica object, found {node.KindName}"); return null; }
        var fields = new JsonFields(node, errors, "a replica");
        fields.RejectUnknown(ReplicaFields);
        string? service = fields.String("service_name");
        string? model = fields.String("model_name");
        string? executable = fields.String("executable_name");
        var group = fields.List("mesh_group");
        if (service is null || model is null || executable is null || group is null) return null;
        var meshes = new List<SubMesh>();
        foreach (var meshNode in group.Items)
        {
            var mesh = ParseMesh(meshNode, errors);
            if (mesh is null) return null;
            meshes.Add(mesh);
        }
        if (meshes.Count == 0) { errors.Add(group.Line, "expected at least one stage mesh in mesh_group, found none"); return null; }
        return new ReplicaSpec(service, model, executable, meshes, node.Line);
    }

    private static SubMesh? ParseMesh(JsonNode node, InputErrorList errors)
    {
        if (node.Kind != JsonKind.Object) { errors.Add(node.Line, $"expected a mesh object {{node_ids, devices}}, found {node.KindName}"); return null; }
        var fields = new JsonFields(node, errors, "a mesh");
        fields.RejectUnknown(MeshFields);
        var nodeIdsNode = fields.List("node_ids");
        var devicesNode = fields.List("devices");
        if (nodeIdsNode is null || devicesNode is null) return null;
        var nodeIds = JsonFields.IntList(nodeIdsNode, errors, "node_ids");
        if (nodeIds is null) return null;
        var devices = new List<IReadOnlyList<int>>();
        foreach (var d in devicesNode.Items)
        {
            if (d.Kind != JsonKind.Array) { errors.Add(d.Line, $"expected devices to be a list of GPU-index lists, found {d.KindName}"); return null; }
            var gpus = JsonFields.IntList(d, errors, "devices");
            if (gpus is null) return null;
            devices.Add(gpus);
        }
        if (devices.Count != nodeIds.Length)
        {
            errors.Add(devicesNode.Line, $"expected one devices list per node id ({nodeIds.Length}), found {devices.Count}");
            return null;
        }
        return new SubMesh(nodeIds, devices, node.Line);
    }

    /// <summary>Writes in the seed's layout (4-space indented), via a temporary file.</summary>
    public static void Write(PlacementSpec placement, string path) =>
        AtomicFile.Write(path, stream => Write(placement, stream));

    public static void Write(PlacementSpec placement, Stream stream)
    {
        using var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, IndentSize = 4 });
        w.WriteStartArray();
        foreach (var r in placement.Replicas)
        {
            w.WriteStartObject();
            w.WriteString("service_name", r.ServiceName);
            w.WriteString("model_name", r.ModelName);
            w.WriteString("executable_name", r.ExecutableName);
            w.WriteStartArray("mesh_group");
            foreach (var m in r.Meshes)
            {
                w.WriteStartObject();
                w.WriteStartArray("node_ids");
                foreach (int n in m.NodeIds) w.WriteNumberValue(n);
                w.WriteEndArray();
                w.WriteStartArray("devices");
                foreach (var d in m.Devices)
                {
                    w.WriteStartArray();
                    foreach (int g in d) w.WriteNumberValue(g);
                    w.WriteEndArray();
                }
                w.WriteEndArray();
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.Flush();
        stream.Write(Encoding.UTF8.GetBytes("\n"));
    }
}
