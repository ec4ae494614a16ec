using DlSim.Foundation;

namespace DlSim.Workloads.Replay;

/// <summary>One valid row of a 2021 file: the function's key (app and func) and the invocation's arrival (end − duration) in seconds.</summary>
public delegate void InvocationVisitor(ReadOnlySpan<char> function, double arrivalS);

/// <summary>
/// Replays the Azure Functions 2021 trace (one row per invocation: app, func, end_timestamp, duration in
/// seconds; arrival = end − duration). Rows need not be sorted: the invocations in the window are held
/// and sorted (ties in file order), so memory grows with them: about 40 bytes per invocation in the
/// window while building, 12 per request after. Several files are read as one trace, in order.
/// </summary>
public static class Azure2021Replay
{
    /// <param name="files">One reader per file: each calls the visitor for every row of its file.</param>
    public static IRequestSource Replay(IReadOnlyList<Action<InvocationVisitor>> files, ReplayOptions options)
    {
        options.Validate(TraceFormat.Azure2021);
        double start = options.WindowStart, end = options.WindowEnd;
        var functions = new FunctionTable();
        var arrivals = new List<double>();
        var functionOf = new List<int>();
        foreach (var read in files)
            read((function, arrival) =>
            {
                if (arrival < start || arrival >= end) return;
                int f = functions.Add(function);
                functions.AddVolume(f, 1);
                arrivals.Add(arrival);
                functionOf.Add(f);
            });
        string window = double.IsFinite(end) ? $"seconds {ReplayOptions.F(start)}:{ReplayOptions.F(end)}" : $"seconds {ReplayOptions.F(start)}: (to the end)";
        if (arrivals.Count == 0)
            throw new InputException("--window", 0, $"expected a window holding at least one invocation, found none in {window}");

        var map = FunctionMap.Create(options.Mapping, options.Models, functions);
        var scale = options.Scale;
        var rng = new DeterministicRng(scale.Seed);
        var kept = new List<Invocation>(arrivals.Count);
        for (int row = 0; row < arrivals.Count; row++)
        {
            int model = map.ModelOf(functionOf[row]);
            if (model < 0) continue;
            for (int copies = scale.Copies(rng); copies > 0; copies--) kept.Add(new Invocation(arrivals[row], row, model));
        }
        if (kept.Count == 0)
            throw new InputException("--rate-factor", 0, $"expected a factor that keeps at least one request, found {ReplayOptions.F(scale.RateFactor)} kept none");
        arrivals = null!; // let the collector take the row lists before the sorted arrays are built
        functionOf = null!;
        var sorted = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(kept);
        sorted.Sort();

        var models = new int[sorted.Length];
        var times = new double[sorted.Length];
        var perModel = new long[options.Models];
        for (int i = 0; i < sorted.Length; i++)
        {
            models[i] = sorted[i].Model;
            times[i] = (sorted[i].ArrivalS - start) * scale.TimeFactor;
            perModel[models[i]]++;
        }
        double durationS = (double.IsFinite(end) ? end - start : sorted[^1].ArrivalS - start) * scale.TimeFactor;
        var header = ReplayHeader.Of(perModel, durationS, options);
        return new WorkloadSource(new Workload(header, models, times));
    }

    /// <summary>Sorts by arrival, then by row in the files.</summary>
    private readonly record struct Invocation(double ArrivalS, int Row, int Model) : IComparable<Invocation>
    {
        public int CompareTo(Invocation other)
        {
            int byTime = ArrivalS.CompareTo(other.ArrivalS);
            return byTime != 0 ? byTime : Row.CompareTo(other.Row);
        }
    }
}
