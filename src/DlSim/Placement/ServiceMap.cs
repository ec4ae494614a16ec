using System.Globalization;
using DlSim.Foundation;

namespace DlSim.Placement;

/// <summary>Which service serves each workload model id.</summary>
public sealed record ServiceMap(IReadOnlyDictionary<int, string> ServiceOfModel)
{
    /// <summary>The seed's default: model i is served by the i-th distinct service of the placement.</summary>
    public static ServiceMap Default(PlacementSpec placement)
    {
        var names = placement.ServiceNames();
        var map = new Dictionary<int, string>();
        for (int i = 0; i < names.Count; i++) map[i] = names[i];
        return new ServiceMap(map);
    }

    /// <summary>Parses <c>0=Bert_2.6B_0,1=Bert_2.6B_1</c>; <paramref name="source"/> names the flag in errors.</summary>
    public static ServiceMap Parse(string text, string source = "--service-map")
    {
        var errors = new InputErrorList(source);
        var map = new Dictionary<int, string>();
        foreach (string part in text.Split(',', StringSplitOptions.TrimEntries))
        {
            int eq = part.IndexOf('=');
            if (eq <= 0 || eq == part.Length - 1 ||
                !int.TryParse(part[..eq], NumberStyles.None, CultureInfo.InvariantCulture, out int model))
            {
                errors.Add(0, $"expected MODEL_ID=SERVICE pairs separated by commas, found \"{part}\"");
                continue;
            }
            if (!map.TryAdd(model, part[(eq + 1)..]))
                errors.Add(0, $"expected each model id once, found model {model} twice");
        }
        errors.ThrowIfAny();
        return new ServiceMap(map);
    }

    public override string ToString() =>
        string.Join(",", ServiceOfModel.OrderBy(p => p.Key).Select(p => $"{p.Key}={p.Value}"));
}
