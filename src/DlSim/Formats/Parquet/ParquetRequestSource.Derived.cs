using DlSim.Foundation;
using DlSim.Workloads;

namespace DlSim.Formats.Parquet;

public sealed partial class ParquetRequestSource
{
    /// <summary>Model ids at or above this are refused in a file without metadata (the header would list every model).</summary>
    public const int MaxDerivedModels = 1 << 16;

    /// <summary>
    /// The header of a Parquet workload without DLSIM metadata, from one pass over its rows (row group by row
    /// group): models 0 … the largest model_id; proportions from the counts; each model's SLO its first slo_s
    /// (+∞ for a model without requests, as <see cref="Workload.SloOf"/>); duration the last arrival; total
    /// rate requests ÷ duration; name the file's name without extension. Rows with bad values (a slo_s that is
    /// not a positive number included) are left out here; the reading pass reports them.
    /// </summary>
    private WorkloadHeader DeriveHeader(string file)
    {
        var counts = new List<long>();
        var slos = new List<double>();
        long total = 0, row = 0;
        double last = 0;
        for (int g = 0; g < _reader.RowGroupCount; g++)
        {
            var group = _reader.RowGroups[g];
            int rows = (int)group.RowCount;
            EnsureCapacity(rows);
            Array.Clear(_null, 0, rows);
            ReadColumns(g, group, rows, requestIds: false);
            for (int i = 0; i < rows; i++, row++)
            {
                long model = _models[i];
                double arrival = _arrivals[i], slo = _sloValues[i];
                if (_null[i] || model < 0 || !double.IsFinite(arrival) || arrival < 0 || !(slo > 0) || !double.IsFinite(slo)) continue;
                if (model >= MaxDerivedModels)
                    throw new InputException(file, 0, $"row {row}: expected model_id below {MaxDerivedModels} in a file without DLSIM metadata, found {model}");
                while (counts.Count <= model) { counts.Add(0); slos.Add(double.NaN); }
                if (counts[(int)model]++ == 0) slos[(int)model] = slo;
                total++;
                last = Math.Max(last, arrival);
            }
        }
        if (total == 0) throw new InputException(file, 0, "expected at least one request in a file without DLSIM metadata (nothing to derive its header from), found none");
        var proportions = new double[counts.Count];
        var objectives = new double[counts.Count];
        for (int m = 0; m < counts.Count; m++)
        {
            proportions[m] = counts[m] / (double)total;
            objectives[m] = counts[m] == 0 ? double.PositiveInfinity : slos[m];
        }
        return new WorkloadHeader(counts.Count, last > 0 ? total / last : 0, proportions, last, objectives, Path.GetFileNameWithoutExtension(file));
    }
}
