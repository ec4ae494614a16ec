namespace DlSim.Workloads;

/// <summary>Traffic figures of one model in a workload.</summary>
/// <param name="RateHz">Requests ÷ the workload's duration.</param>
/// <param name="GapCv">Coefficient of variation (population std ÷ mean) of the model's inter-arrival gaps; 1 for Poisson; NaN with fewer than 2 gaps.</param>
public sealed record ModelTraffic(int ModelId, long Requests, double RateHz, double MeanGapS, double GapCv);

/// <summary>Per-model and overall traffic statistics, in one pass with O(models) memory.</summary>
public sealed record WorkloadStatistics(long Requests, double DurationS, double RateHz, double GapCv, IReadOnlyList<ModelTraffic> Models)
{
    /// <summary>Duration is the header's when set, else the last arrival.</summary>
    public static WorkloadStatistics Of(Workload workload)
    {
        using var source = new WorkloadSource(workload);
        return Of(source);
    }

    /// <summary>Reads the source to its end.</summary>
    public static WorkloadStatistics Of(IRequestSource source)
    {
        var header = source.Header;
        int models = header.ModelCount;
        var perModel = new GapAccumulator[models];
        var overall = new GapAccumulator();
        var ids = new int[4096];
        var times = new double[4096];
        int n;
        double last = 0;
        while ((n = source.Read(ids, times)) > 0)
            for (int i = 0; i < n; i++)
            {
                perModel[ids[i]].Add(times[i]);
                overall.Add(times[i]);
                last = times[i];
            }
        double duration = header.DurationS > 0 ? header.DurationS : last;
        var traffic = new ModelTraffic[models];
        for (int m = 0; m < models; m++)
            traffic[m] = new ModelTraffic(m, perModel[m].Count, Rate(perModel[m].Count, duration), perModel[m].MeanGap, perModel[m].Cv);
        return new WorkloadStatistics(overall.Count, duration, Rate(overall.Count, duration), overall.Cv, traffic);
    }

    private static double Rate(long count, double duration) => duration > 0 ? count / duration : double.NaN;

    /// <summary>Welford's running mean and variance of the gaps between successive times.</summary>
    private struct GapAccumulator
    {
        public long Count;
        private double _previous, _mean, _m2;
        private long _gaps;

        public void Add(double t)
        {
            if (Count++ > 0)
            {
                double gap = t - _previous;
                _gaps++;
                double delta = gap - _mean;
                _mean += delta / _gaps;
                _m2 += delta * (gap - _mean);
            }
            _previous = t;
        }

        public readonly double MeanGap => _gaps > 0 ? _mean : double.NaN;
        public readonly double Cv => _gaps > 1 && _mean > 0 ? Math.Sqrt(_m2 / _gaps) / _mean : double.NaN;
    }
}
