using System.Globalization;
using DlSim.Foundation;

namespace DlSim.Workloads.Traffic;

/// <summary>Explicit per-model rates, <c>0=5,1=3</c> (model id = Hz); models not named get 0 Hz.</summary>
public static class ModelRates
{
    /// <summary>Model ids must stay below this when no model count bounds them.</summary>
    public const int MaxModels = 1 << 20;

    /// <summary>Parses the pairs into one rate per model. <paramref name="modelCount"/> (when known) bounds the ids;
    /// otherwise there are (largest id + 1) models. Rates are ≥ 0 with a positive sum.</summary>
    public static double[] Parse(string text, int? modelCount = null, string flag = "--rates")
    {
        var errors = new InputErrorList(flag);
        var pairs = new Dictionary<int, double>();
        foreach (string part in text.Split(',', StringSplitOptions.TrimEntries))
        {
            int eq = part.IndexOf('=');
            if (eq <= 0 || !int.TryParse(part.AsSpan(0, eq), NumberStyles.None, CultureInfo.InvariantCulture, out int model) ||
                !SeedNumbers.TryDouble(part.AsSpan(eq + 1), out double rate))
            {
                errors.Add(0, $"expected MODEL_ID=RATE pairs (Hz) such as 0=5,1=3, found \"{part}\"");
                continue;
            }
            if (!(rate >= 0)) errors.Add(0, $"expected rates ≥ 0 in Hz, found {rate.ToString("R", CultureInfo.InvariantCulture)} for model {model}");
            else if (modelCount is int n && model >= n) errors.Add(0, $"expected model ids below {n} (--models), found {model}");
            else if (model >= MaxModels) errors.Add(0, $"expected model ids below {MaxModels}, found {model}");
            else if (!pairs.TryAdd(model, rate)) errors.Add(0, $"expected each model id once, found model {model} twice");
        }
        errors.ThrowIfAny();
        var rates = new double[modelCount ?? pairs.Keys.Max() + 1];
        foreach (var (model, rate) in pairs) rates[model] = rate;
        if (!(rates.Sum() > 0)) throw new InputException(flag, 0, $"expected at least one positive rate, found \"{text}\"");
        return rates;
    }
}
