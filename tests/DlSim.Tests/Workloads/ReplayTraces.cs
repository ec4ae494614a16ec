using System.Globalization;
using System.Text;

namespace DlSim.Tests.Workloads;

/// <summary>Small trace files in the two Azure Functions formats, written by the tests themselves.</summary>
public static class ReplayTraces
{
    public const int Minutes = 1440;

    /// <summary>One function's row of a 2019 day file.</summary>
    public sealed record Function2019(string Owner, string App, string Function, int[] Counts, string Trigger = "http")
    {
        public string Key => $"{Owner},{App},{Function}";
    }

    public static string Header2019 { get; } =
        "HashOwner,HashApp,HashFunction,Trigger," + string.Join(',', Enumerable.Range(1, Minutes).Select(i => i.ToString(CultureInfo.InvariantCulture)));

    /// <summary>A day file: header, then one row per function.</summary>
    public static string Day2019(IEnumerable<Function2019> functions)
    {
        var text = new StringBuilder(Header2019).Append('\n');
        foreach (var f in functions)
            text.Append(f.Owner).Append(',').Append(f.App).Append(',').Append(f.Function).Append(',').Append(f.Trigger).Append(',')
                .AppendJoin(',', f.Counts).Append('\n');
        return text.ToString();
    }

    /// <summary>A row of counts: the value at each listed minute (0-based column), 0 elsewhere.</summary>
    public static int[] Counts(params (int Minute, int Count)[] at)
    {
        var counts = new int[Minutes];
        foreach (var (m, c) in at) counts[m] = c;
        return counts;
    }

    /// <summary>Random counts (seeded): mostly small, some zero, now and then a burst.</summary>
    public static int[] RandomCounts(Random random, int scale)
    {
        var counts = new int[Minutes];
        for (int m = 0; m < Minutes; m++)
        {
            double u = random.NextDouble();
            counts[m] = u < 0.3 ? 0 : u < 0.95 ? random.Next(1, 4) * scale : random.Next(20, 60) * scale;
        }
        return counts;
    }

    /// <summary>One invocation of a 2021 file (times in seconds).</summary>
    public sealed record Invocation2021(string App, string Func, double EndS, double DurationS)
    {
        public double ArrivalS => EndS - DurationS;
        public string Key => $"{App},{Func}";
    }

    public static string File2021(IEnumerable<Invocation2021> invocations)
    {
        var text = new StringBuilder("app,func,end_timestamp,duration\n");
        foreach (var i in invocations)
            text.Append(i.App).Append(',').Append(i.Func).Append(',').Append(i.EndS.ToString("R", CultureInfo.InvariantCulture)).Append(',')
                .Append(i.DurationS.ToString("R", CultureInfo.InvariantCulture)).Append('\n');
        return text.ToString();
    }

    /// <summary>Random invocations over [0, spanS), in random (unsorted) order, over the given functions.</summary>
    public static List<Invocation2021> RandomInvocations(Random random, int count, double spanS, params (string App, string Func, double Weight)[] functions)
    {
        double total = functions.Sum(f => f.Weight);
        var list = new List<Invocation2021>(count);
        for (int i = 0; i < count; i++)
        {
            double u = random.NextDouble() * total;
            var f = functions.First(x => (u -= x.Weight) < 0 || x == functions[^1]);
            double arrival = random.NextDouble() * spanS;
            double duration = random.NextDouble() * 5;
            list.Add(new Invocation2021(f.App, f.Func, arrival + duration, duration));
        }
        return list;
    }
}
