namespace DlSim.Workloads.Arrivals;

/// <summary>Euler's Γ, for the analytic figures of the Weibull process (its mean gap and CV).</summary>
public static class GammaFunction
{
    // Lanczos approximation, g = 7, nine coefficients: relative error about 1e-15 for real arguments.
    private static readonly double[] Coefficients =
    [
        0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
        12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
    ];

    /// <summary>Γ(x) for real x that is not 0 or a negative integer.</summary>
    public static double Gamma(double x)
    {
        if (x < 0.5) return Math.PI / (Math.Sin(Math.PI * x) * Gamma(1 - x)); // reflection
        x -= 1;
        double sum = Coefficients[0];
        for (int i = 1; i < Coefficients.Length; i++) sum += Coefficients[i] / (x + i);
        double t = x + 7.5;
        return Math.Sqrt(2 * Math.PI) * Math.Pow(t, x + 0.5) * Math.Exp(-t) * sum;
    }
}
