namespace DlSim.Llm;

/// <summary>
/// Nelder–Mead minimisation inside a box: every trial point is clamped into the bounds, the search restarts from its
/// best point with a smaller simplex a few times (a collapsed simplex then opens again). No randomness: the same
/// function and start give the same answer.
/// </summary>
internal static class BoxNelderMead
{
    public static double[] Minimise(Func<double[], double> f, double[] start, double[] lower, double[] upper, int evaluationsPerRound = 1500, int rounds = 4)
    {
        int d = start.Length;
        var best = Clamp(start, lower, upper);
        double step = 0.25;
        for (int round = 0; round < rounds; round++, step /= 2)
            best = Round(f, best, lower, upper, step, evaluationsPerRound);
        return best;
    }

    private static double[] Clamp(double[] x, double[] lower, double[] upper)
    {
        var c = new double[x.Length];
        for (int i = 0; i < x.Length; i++) c[i] = Math.Clamp(x[i], lower[i], upper[i]);
        return c;
    }

    private static double[] Round(Func<double[], double> f, double[] start, double[] lower, double[] upper, double step, int budget)
    {
        int d = start.Length;
        var points = new double[d + 1][];
        var values = new double[d + 1];
        points[0] = start;
        for (int i = 0; i < d; i++)
        {
            var p = (double[])start.Clone();
            double span = (upper[i] - lower[i]) * step;
            // Step inwards when the start sits at the upper edge.
            p[i] = p[i] + span <= upper[i] ? p[i] + span : p[i] - span;
            points[i + 1] = Clamp(p, lower, upper);
        }
        for (int i = 0; i <= d; i++) values[i] = f(points[i]);
        int evaluations = d + 1;
        var order = new int[d + 1];
        while (evaluations < budget)
        {
            for (int i = 0; i <= d; i++) order[i] = i;
            Array.Sort(order, (a, b) => values[a] != values[b] ? values[a].CompareTo(values[b]) : a.CompareTo(b));
            int bestI = order[0], worst = order[d], second = order[d - 1];
            if (values[worst] - values[bestI] <= 1e-12 * (1 + Math.Abs(values[bestI]))) break;
            var centroid = new double[d];
            for (int k = 0; k < d; k++)
            {
                double sum = 0;
                for (int i = 0; i < d; i++) sum += points[order[i]][k];
                centroid[k] = sum / d;
            }
            double[] Along(double t) => Clamp([.. centroid.Select((c, k) => c + t * (points[worst][k] - c))], lower, upper);
            var reflected = Along(-1);
            double fr = f(reflected); evaluations++;
            if (fr < values[bestI])
            {
                var expanded = Along(-2);
                double fe = f(expanded); evaluations++;
                (points[worst], values[worst]) = fe < fr ? (expanded, fe) : (reflected, fr);
            }
            else if (fr < values[second]) (points[worst], values[worst]) = (reflected, fr);
            else
            {
                var contracted = fr < values[worst] ? Along(-0.5) : Along(0.5);
                double fc = f(contracted); evaluations++;
                if (fc < Math.Min(fr, values[worst])) (points[worst], values[worst]) = (contracted, fc);
                else
                {
                    // Shrink towards the best point.
                    for (int i = 0; i <= d; i++)
                    {
                        if (i == bestI) continue;
                        points[i] = Clamp([.. points[i].Select((x, k) => points[bestI][k] + 0.5 * (x - points[bestI][k]))], lower, upper);
                        values[i] = f(points[i]); evaluations++;
                    }
                }
            }
        }
        int argmin = 0;
        for (int i = 1; i <= d; i++) if (values[i] < values[argmin]) argmin = i;
        return points[argmin];
    }
}
