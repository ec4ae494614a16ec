using DlSim.Foundation;

namespace DlSim.Workloads.Replay;

/// <summary>One valid row of a 2019 day file: the function's key and its 1440 per-minute counts.</summary>
public delegate void MinuteCountsVisitor(ReadOnlySpan<char> function, ReadOnlySpan<int> countsPerMinute);

/// <summary>
/// Replays the Azure Functions 2019 trace (per-minute invocation counts per function, one file per day).
/// Counts per model per minute in the window are summed from the rows (one pass for round-robin; top-N
/// reads the files twice, first for the volumes), then spread within each minute (see <see cref="WithinMinute"/>)
/// and streamed. Only the day files that overlap the window are read. Memory: the function keys, plus
/// 8 bytes per model per window minute; none per request.
/// </summary>
public static class Azure2019Replay
{
    public const int MinutesPerDay = 1440;

    /// <summary>Salt of the within-minute draws, so they do not repeat the rate factor's draws.</summary>
    private const ulong SpreadSalt = 0x6A09E667F3BCC909UL;

    /// <param name="days">One reader per day file, in day order: each calls the visitor for every row of its file.</param>
    public static IRequestSource Replay(IReadOnlyList<Action<MinuteCountsVisitor>> days, ReplayOptions options)
    {
        options.Validate(TraceFormat.Azure2019);
        int total = days.Count * MinutesPerDay;
        if (options.WindowStart >= total || (double.IsFinite(options.WindowEnd) && options.WindowEnd > total))
            throw new InputException("--window", 0,
                $"expected a window within the {days.Count} day file(s) given (minutes 0 to {total}), found {ReplayOptions.F(options.WindowStart)}:{ReplayOptions.F(options.WindowEnd)}");
        int start = (int)options.WindowStart;
        int end = double.IsFinite(options.WindowEnd) ? (int)options.WindowEnd : total;

        var functions = new FunctionTable();
        bool top = options.Mapping == FunctionMapping.Top;
        if (top)
            ForEachRowInWindow(days, start, end, (function, counts, from, to, _) =>
            {
                long volume = Sum(counts, from, to);
                if (volume > 0) functions.AddVolume(functions.Add(function), volume);
            });
        var map = FunctionMap.Create(options.Mapping, options.Models, functions);
        var perMinute = new MinuteCounts(options.Models, end - start);
        ForEachRowInWindow(days, start, end, (function, counts, from, to, shift) =>
        {
            if (Sum(counts, from, to) == 0) return;
            int model = map.ModelOf(top ? functions.IndexOf(function) : functions.Add(function));
            if (model < 0) return;
            for (int c = from; c < to; c++) perMinute.Add(c + shift, model, counts[c]);
        });
        return Build(perMinute, options, start, end);
    }

    /// <param name="from">First column (0-based minute of the day) inside the window.</param>
    /// <param name="to">Column after the last one inside the window.</param>
    /// <param name="shift">Added to a column to give its minute in the window.</param>
    private delegate void WindowRowVisitor(ReadOnlySpan<char> function, ReadOnlySpan<int> counts, int from, int to, int shift);

    /// <summary>Reads each day file that overlaps [start, end) minutes and hands on each row with its columns inside the window.</summary>
    private static void ForEachRowInWindow(IReadOnlyList<Action<MinuteCountsVisitor>> days, int start, int end, WindowRowVisitor visit)
    {
        for (int d = start / MinutesPerDay; d * MinutesPerDay < end; d++)
        {
            int dayStart = d * MinutesPerDay;
            int from = Math.Max(start, dayStart) - dayStart, to = Math.Min(end, dayStart + MinutesPerDay) - dayStart;
            days[d]((function, counts) => visit(function, counts, from, to, dayStart - start));
        }
    }

    private static long Sum(ReadOnlySpan<int> counts, int from, int to)
    {
        long sum = 0;
        for (int c = from; c < to; c++) sum += counts[c];
        return sum;
    }

    private static IRequestSource Build(MinuteCounts perMinute, ReplayOptions options, int start, int end)
    {
        if (perMinute.Total() == 0)
            throw new InputException("--window", 0, $"expected a window holding at least one invocation, found none in minutes {start}:{end}");
        var scale = options.Scale;
        if (scale.ChangesRate)
        {
            perMinute.ScaleRate(scale, new DeterministicRng(scale.Seed));
            if (perMinute.Total() == 0)
                throw new InputException("--rate-factor", 0, $"expected a factor that keeps at least one request, found {ReplayOptions.F(scale.RateFactor)} kept none");
        }
        double durationS = (end - start) * 60.0 * scale.TimeFactor;
        var header = ReplayHeader.Of(perMinute.PerModel(), durationS, options);
        return new MinuteCountsSource(perMinute, options.WithinMinute, scale.TimeFactor, scale.Seed ^ SpreadSalt, header);
    }
}
