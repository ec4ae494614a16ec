using System.Globalization;
using DlSim.Foundation;

namespace DlSim.Workloads.Traffic;

/// <summary>How a total rate is spread over N models. CLI names are the members in lower case.</summary>
public enum ModelSpreadKind
{
    /// <summary>Every model gets 1/N.</summary>
    Uniform,

    /// <summary>Model i (from 0) gets a share ∝ (i + 1)^−α (Zipf's law for α = 1); α = 0 is uniform.</summary>
    PowerLaw,
}

/// <summary>A named spread of a total rate over models: <c>uniform</c> or <c>powerlaw:ALPHA</c>.</summary>
public sealed record ModelSpread(ModelSpreadKind Kind = ModelSpreadKind.Uniform, double Alpha = 1)
{
    public static string Name(ModelSpreadKind kind) => kind.ToString().ToLowerInvariant();

    /// <summary>Shares of models 0 … n − 1; they sum to 1.</summary>
    public double[] Shares(int n)
    {
        var shares = new double[n];
        double sum = 0;
        for (int i = 0; i < n; i++)
        {
            shares[i] = Kind == ModelSpreadKind.PowerLaw ? Math.Pow(i + 1, -Alpha) : 1;
            sum += shares[i];
        }
        for (int i = 0; i < n; i++) shares[i] /= sum;
        return shares;
    }

    /// <summary>Parses <c>uniform</c> or <c>powerlaw:ALPHA</c> (α ≥ 0).</summary>
    public static ModelSpread Parse(string text, string flag = "--spread")
    {
        string t = text.Trim().ToLowerInvariant();
        int colon = t.IndexOf(':');
        string name = colon < 0 ? t : t[..colon];
        string expected = $"expected {Name(ModelSpreadKind.Uniform)} or {Name(ModelSpreadKind.PowerLaw)}:ALPHA with ALPHA ≥ 0";
        foreach (var kind in Enum.GetValues<ModelSpreadKind>())
        {
            if (Name(kind) != name) continue;
            if (kind == ModelSpreadKind.Uniform && colon < 0) return new ModelSpread(kind);
            if (kind == ModelSpreadKind.PowerLaw && colon >= 0 && SeedNumbers.TryDouble(t.AsSpan(colon + 1), out double alpha) && alpha >= 0)
                return new ModelSpread(kind, alpha);
        }
        throw new InputException(flag, 0, $"{expected}, found \"{text}\"");
    }

    public override string ToString() =>
        Kind == ModelSpreadKind.PowerLaw ? string.Create(CultureInfo.InvariantCulture, $"{Name(Kind)}:{Alpha}") : Name(Kind);
}
