namespace DlSim.Workloads.Arrivals;

// Renewal processes: independent, identically distributed gaps of mean 1/rate.

/// <summary>Exponential gaps: mean 1/rate, CV 1.</summary>
public sealed class PoissonProcess(double rate, DeterministicRng rng) : ArrivalProcess
{
    public override double MeanRate => rate;
    public override double GapCv => 1;
    public override double FirstGap() => rng.NextExponential(rate); // memoryless: the residual is a gap
    public override double NextGap() => rng.NextExponential(rate);
}

/// <summary>Gamma gaps of shape 1/cv² and scale cv²/rate: mean 1/rate, CV cv.</summary>
public sealed class GammaProcess(double rate, double cv, DeterministicRng rng) : ArrivalProcess
{
    private readonly double _shape = 1 / (cv * cv);
    private readonly double _scale = cv * cv / rate;

    public override double MeanRate => rate;
    public override double GapCv => cv;

    // A length-biased Gamma(k, θ) gap is Gamma(k + 1, θ).
    public override double FirstGap() => (1.0 - rng.NextDouble()) * rng.NextGamma(_shape + 1) * _scale;
    public override double NextGap() => rng.NextGamma(_shape) * _scale;
}

/// <summary>Every gap 1/rate: CV 0. The first arrival falls uniformly within one gap, so streams of equal rate are not in step.</summary>
public sealed class DeterministicProcess(double rate, DeterministicRng rng) : ArrivalProcess
{
    private readonly double _gap = 1 / rate;

    public override double MeanRate => rate;
    public override double GapCv => 0;
    public override double FirstGap() => rng.NextDouble() * _gap;
    public override double NextGap() => _gap;
}

/// <summary>Weibull gaps of shape k and scale 1/(rate·Γ(1 + 1/k)): mean 1/rate, CV √(Γ(1 + 2/k)/Γ(1 + 1/k)² − 1).</summary>
public sealed class WeibullProcess(double rate, double shape, DeterministicRng rng) : ArrivalProcess
{
    private readonly double _scale = 1 / (rate * GammaFunction.Gamma(1 + 1 / shape));

    public override double MeanRate => rate;

    public override double GapCv
    {
        get
        {
            double g1 = GammaFunction.Gamma(1 + 1 / shape), g2 = GammaFunction.Gamma(1 + 2 / shape);
            return Math.Sqrt(g2 / (g1 * g1) - 1);
        }
    }

    // X = scale·Y^(1/k) with Y ~ Exp(1); length-biasing X makes Y ~ Gamma(1 + 1/k).
    public override double FirstGap() => (1.0 - rng.NextDouble()) * _scale * Math.Pow(rng.NextGamma(1 + 1 / shape), 1 / shape);
    public override double NextGap() => rng.NextWeibull(shape, _scale);
}
