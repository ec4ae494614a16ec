using System.Text.Json;
using DlSim.Formats.Files;
using DlSim.Formats.Json;
using DlSim.Foundation;
using DlSim.Search;

namespace DlSim.Formats.PlacementSearch;

/// <summary>
/// <c>place --json</c>: the objective and its figures, the search's effort, each model's outcome and each GPU group
/// (snake_case; seconds, bytes).
/// </summary>
public static class PlacementResultJson
{
    public static void Write(PlacementResult r, string? placementPath, Stream stream) => JsonDocumentWriter.Write(stream, w => WriteObject(w, r, placementPath));

    public static void WriteObject(Utf8JsonWriter w, PlacementResult r, string? placementPath)
    {
        w.WriteStartObject();
        w.WriteString("algorithm", EnumNames.Of(r.Algorithm));
        w.WriteString("objective", EnumNames.Of(r.Objective));
        w.WriteNumber("objective_value", r.ObjectiveValue);
        w.WriteNumber("attainment", r.Attainment);
        w.WriteNumber("goodput_rps", r.GoodputRps);
        w.WriteNumber("requests", r.Report.Requests);
        w.WriteNumber("gpus_used", r.GpusUsed);
        w.WriteNumber("gpus", r.UsableGpus);
        w.WriteNumber("evaluations", r.Search.Evaluations);
        w.WriteNumber("simulations", r.Search.Simulations);
        w.WriteNumber("wall_s", r.Search.WallS);
        w.WriteNumber("best_found_at_s", r.Search.BestFoundAtS);
        if (placementPath is not null) w.WriteString("placement", placementPath);
        w.WriteString("service_map", r.Map.ToString());
        w.WriteStartArray("models");
        foreach (var m in r.Models)
        {
            w.WriteStartObject();
            w.WriteNumber("model_id", m.Model);
            w.WriteString("service", m.Service);
            w.WriteString("profile_model", m.ProfileModel);
            w.WriteNumber("requests", m.Requests);
            w.WriteNumber("replicas", m.Replicas);
            w.WriteNumber("attainment", m.Attainment);
            w.WriteNumber("goodput_rps", m.GoodputRps);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteStartArray("groups");
        foreach (var g in r.Groups)
        {
            w.WriteStartObject();
            w.WriteNumber("first_gpu", g.FirstGpu);
            w.WriteNumber("gpus", g.Config.Gpus);
            w.WriteNumber("pipeline_degree", g.Config.Pipeline);
            w.WriteNumber("tensor_degree", g.Config.Tensor);
            w.WriteStartArray("executables");
            foreach (string e in g.Executables) w.WriteStringValue(e);
            w.WriteEndArray();
            w.WriteStartArray("services");
            foreach (string s in g.Services) w.WriteStringValue(s);
            w.WriteEndArray();
            w.WriteNumber("max_used_bytes_per_gpu", g.MaxUsedBytes);
            w.WriteNumber("capacity_bytes", g.CapacityBytes);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();
    }

    /// <summary><c>--search-log</c>: one CSV row per scored candidate (time_s, evaluation, objective, candidate).</summary>
    public static void WriteLog(IReadOnlyList<SearchLogEntry> log, string path) => AtomicFile.Write(path, stream =>
    {
        using var w = new StreamWriter(stream, new System.Text.UTF8Encoding(false), 1 << 16, leaveOpen: true) { NewLine = "\n" };
        w.WriteLine("time_s,evaluation,objective,candidate");
        foreach (var e in log)
            w.WriteLine(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{e.TimeS:F6},{e.Evaluation},{e.Objective:R},\"{e.Candidate}\""));
    });

}
