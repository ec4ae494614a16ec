using System.Globalization;
using DlSim.Analysis;
using DlSim.Cluster;
using DlSim.Formats.Json;
using DlSim.Foundation;

namespace DlSim.Formats.ClusterTrace;

/// <summary>
/// The original project's real cluster traces: an object keyed by model id (a string), each value
/// <c>{rq_id: [..], arrive: [..], e2e_latency: [..], stage_exec_info: [[[start_s, end_s, node_ids, devices], ..], ..]}</c>
/// with one <c>stage_exec_info</c> list per stage, every list aligned with <c>rq_id</c>. Reports every
/// problem it finds with its line; matching the ids against a workload is the comparison's job.
/// </summary>
public static class ClusterTraceJson
{
    private static readonly string[] ModelFields = ["rq_id", "arrive", "e2e_latency", "stage_exec_info"];

    public static RealTrace Read(string path) => Parse(JsonNode.ParseFile(path), path);

    public static RealTrace Parse(JsonNode root, string file)
    {
        var errors = JsonObjectFile.Of(root, file, "an object keyed by model id").Errors;
        var models = new List<RealModelTrace>();
        var seen = new HashSet<int>();
        foreach (var (key, value) in root.Members)
        {
            if (!int.TryParse(key, NumberStyles.None, CultureInfo.InvariantCulture, out int modelId))
            {
                errors.Add(value.Line, $"expected a model id (a non-negative integer such as \"0\") as key, found \"{key}\"");
                continue;
            }
            if (!seen.Add(modelId))
            {
                errors.Add(value.Line, $"expected each model id once, found model \"{key}\" again");
                continue;
            }
            var model = ParseModel(modelId, value, errors);
            if (model is not null) models.Add(model);
        }
        errors.ThrowIfAny();
        return new RealTrace(file, root.Line, models);
    }

    private static RealModelTrace? ParseModel(int modelId, JsonNode node, InputErrorList errors)
    {
        string what = $"model {modelId}";
        if (node.Kind != JsonKind.Object)
        {
            errors.Add(node.Line, $"expected {what} to be an object {{rq_id, arrive, e2e_latency, stage_exec_info}}, found {node.KindName}");
            return null;
        }
        var fields = new JsonFields(node, errors, what);
        fields.RejectUnknown(ModelFields);
        var idsNode = fields.List("rq_id");
        var arriveNode = fields.List("arrive");
        var e2eNode = fields.List("e2e_latency");
        var stagesNode = fields.List("stage_exec_info");
        if (idsNode is null || arriveNode is null || e2eNode is null || stagesNode is null) return null;

        int n = idsNode.Items.Count;
        var ids = JsonFields.IntList(idsNode, errors, $"rq_id of {what}");
        var arrivals = Numbers(arriveNode, n, "arrive", what, errors);
        var e2e = Numbers(e2eNode, n, "e2e_latency", what, errors);
        var stages = Stages(stagesNode, n, what, errors);
        if (ids is null || arrivals is null || e2e is null || stages is null) return null;
        return new RealModelTrace
        {
            ModelId = modelId, Line = node.Line,
            RequestIds = ids, RequestLines = Lines(idsNode), RequestListLine = idsNode.Line,
            ArrivalsS = arrivals, ArrivalLines = Lines(arriveNode), E2eLatencyS = e2e,
            Stages = stages, StagesLine = stagesNode.Line,
        };
    }

    /// <summary>A list of finite numbers ≥ 0 as long as <c>rq_id</c>, or null after reporting what is wrong.</summary>
    private static double[]? Numbers(JsonNode list, int expectedCount, string name, string what, InputErrorList errors)
    {
        if (list.Items.Count != expectedCount)
        {
            errors.Add(list.Line, $"expected {name} of {what} to have one entry per rq_id ({expectedCount}), found {list.Items.Count}");
            return null;
        }
        var values = new double[expectedCount];
        for (int j = 0; j < values.Length; j++)
        {
            var item = list.Items[j];
            if (item.Kind != JsonKind.Number || !double.IsFinite(item.Number) || item.Number < 0)
            {
                errors.Add(item.Line, $"expected {name} of {what} to hold finite seconds ≥ 0, found {item.KindName}");
                return null;
            }
            values[j] = item.Number;
        }
        return values;
    }

    private static RealStageRun[][]? Stages(JsonNode list, int expectedCount, string what, InputErrorList errors)
    {
        if (list.Items.Count == 0)
        {
            errors.Add(list.Line, $"expected stage_exec_info of {what} to hold one list per pipeline stage, found none");
            return null;
        }
        var stages = new RealStageRun[list.Items.Count][];
        bool ok = true;
        for (int s = 0; s < stages.Length; s++)
        {
            var stage = list.Items[s];
            if (stage.Kind != JsonKind.Array || stage.Items.Count != expectedCount)
            {
                string found = stage.Kind == JsonKind.Array ? $"{stage.Items.Count} entries" : stage.KindName;
                errors.Add(stage.Line, $"expected stage {s} of {what} to be a list with one entry per rq_id ({expectedCount}), found {found}");
                ok = false;
                continue;
            }
            // Only the first bad entry of a stage is reported: one broken writer usually breaks them all.
            stages[s] = new RealStageRun[expectedCount];
            for (int j = 0; j < expectedCount; j++)
            {
                var run = Run(stage.Items[j], $"stage {s} of {what}", errors);
                if (run is null) { ok = false; break; }
                stages[s][j] = run.Value;
            }
        }
        return ok ? stages : null;
    }

    /// <summary>One entry <c>[start_s, end_s, node_ids, devices]</c>.</summary>
    private static RealStageRun? Run(JsonNode entry, string what, InputErrorList errors)
    {
        if (entry.Kind != JsonKind.Array || entry.Items.Count != 4)
        {
            string found = entry.Kind == JsonKind.Array ? $"a list of {entry.Items.Count}" : entry.KindName;
            errors.Add(entry.Line, $"expected each entry of {what} to be [start_s, end_s, node_ids, devices], found {found}");
            return null;
        }
        var (start, end, nodes, devices) = (entry.Items[0], entry.Items[1], entry.Items[2], entry.Items[3]);
        if (!IsFiniteNumber(start) || !IsFiniteNumber(end))
        {
            var bad = IsFiniteNumber(start) ? end : start;
            errors.Add(bad.Line, $"expected start_s and end_s of {what} to be finite seconds, found {bad.KindName}");
            return null;
        }
        if (end.Number < start.Number)
        {
            errors.Add(end.Line, $"expected end_s ≥ start_s in {what}, found end {PythonFloat.Format(end.Number)} before start {PythonFloat.Format(start.Number)}");
            return null;
        }
        var mesh = Mesh(nodes, devices, what, errors);
        return mesh is null ? null : new RealStageRun(start.Number, end.Number, mesh, entry.Line);
    }

    private static SubMesh? Mesh(JsonNode nodes, JsonNode devices, string what, InputErrorList errors)
    {
        if (nodes.Kind != JsonKind.Array || devices.Kind != JsonKind.Array)
        {
            var bad = nodes.Kind != JsonKind.Array ? nodes : devices;
            errors.Add(bad.Line, $"expected node_ids and devices of {what} to be lists, found {bad.KindName}");
            return null;
        }
        var nodeIds = JsonFields.IntList(nodes, errors, $"node_ids of {what}");
        if (nodeIds is null) return null;
        if (nodeIds.Length == 0)
        {
            errors.Add(nodes.Line, $"expected node_ids of {what} to name at least one node, found none");
            return null;
        }
        if (devices.Items.Count != nodeIds.Length)
        {
            errors.Add(devices.Line, $"expected devices of {what} to hold one GPU list per node id ({nodeIds.Length}), found {devices.Items.Count}");
            return null;
        }
        var gpus = new IReadOnlyList<int>[nodeIds.Length];
        for (int i = 0; i < gpus.Length; i++)
        {
            var d = devices.Items[i];
            if (d.Kind != JsonKind.Array) { errors.Add(d.Line, $"expected devices of {what} to be lists of GPU indices, found {d.KindName}"); return null; }
            var list = JsonFields.IntList(d, errors, $"devices of {what}");
            if (list is null) return null;
            if (list.Length == 0) { errors.Add(d.Line, $"expected devices of {what} to name at least one GPU per node, found an empty list"); return null; }
            gpus[i] = list;
        }
        return new SubMesh(nodeIds, gpus);
    }

    private static bool IsFiniteNumber(JsonNode node) => node.Kind == JsonKind.Number && double.IsFinite(node.Number);

    private static int[] Lines(JsonNode list)
    {
        var lines = new int[list.Items.Count];
        for (int j = 0; j < lines.Length; j++) lines[j] = list.Items[j].Line;
        return lines;
    }
}
