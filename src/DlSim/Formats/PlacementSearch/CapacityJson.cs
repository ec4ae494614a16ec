using DlSim.Formats.Json;
using DlSim.Search;

namespace DlSim.Formats.PlacementSearch;

/// <summary><c>capacity --json</c>: the question, the answer, and every point measured with its placement.</summary>
public static class CapacityJson
{
    public static void Write(CapacityCurve curve, bool rateQuestion, Stream stream) => JsonDocumentWriter.Write(stream, w =>
    {
        w.WriteStartObject();
        w.WriteString("question", rateQuestion ? "max_rate" : "min_gpus");
        w.WriteNumber("target", curve.Target);
        if (curve.Answer is { } a)
        {
            w.WriteStartObject("answer");
            w.WriteNumber("gpus", a.Gpus);
            w.WriteNumber("rate_scale", a.RateScale);
            w.WriteNumber("attainment", a.Attainment);
            w.WriteEndObject();
        }
        else w.WriteNull("answer");
        w.WriteStartArray("points");
        foreach (var p in curve.Points)
        {
            w.WriteStartObject();
            w.WriteNumber("gpus", p.Gpus);
            w.WriteNumber("rate_scale", p.RateScale);
            w.WriteNumber("attainment", p.Attainment);
            w.WritePropertyName("placement");
            PlacementResultJson.WriteObject(w, p.Result, null);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();
    });
}
