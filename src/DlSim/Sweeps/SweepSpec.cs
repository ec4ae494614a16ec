using System.Security.Cryptography;
using System.Text;

namespace DlSim.Sweeps;

/// <summary>
/// One flag's setting in a sweep: its argument values (repeated flag for several, none for a bare switch), or absent
/// (a switch set to false). <see cref="Line"/> is where the sweep file gives it (0 when built in code).
/// </summary>
public sealed record SweepSetting(string Flag, IReadOnlyList<string> Values, bool Absent = false, int Line = 0)
{
    /// <summary>The arguments this setting adds to a command line.</summary>
    public IEnumerable<string> Arguments()
    {
        if (Absent) yield break;
        if (Values.Count == 0) { yield return Flag; yield break; }
        foreach (string v in Values) { yield return Flag; yield return v; }
    }

    /// <summary>How the setting reads in a results table: the value, values joined by ';', or true/false for a switch.</summary>
    public string Display => Absent ? "false" : Values.Count == 0 ? "true" : string.Join(";", Values);

    public bool Equals(SweepSetting? o) => o is not null && Flag == o.Flag && Absent == o.Absent && Values.SequenceEqual(o.Values);
    public override int GetHashCode() => HashCode.Combine(Flag, Absent, Values.Count);
}

/// <summary>A swept flag and its values, in order.</summary>
public sealed record SweepAxis(string Flag, IReadOnlyList<SweepSetting> Values, int Line = 0);

/// <summary>One case of a sweep: its position, its stable id, the <c>simulate</c> arguments and the value of every swept flag.</summary>
/// <param name="Line">The sweep file line that defines the case's last varied setting (for errors about it).</param>
public sealed record SweepCase(int Index, string Id, IReadOnlyList<string> Arguments, IReadOnlyList<SweepSetting> Varied, int Line);

/// <summary>
/// A sweep: a base scenario (settings of <c>simulate</c> flags) and axes whose cartesian product (first axis outermost),
/// followed by an explicit list of cases, gives the cases. A case's settings are the base's with its own replacing those of
/// the same flag. Its id is a hash of its resolved arguments, so it does not change when cases are added or reordered.
/// </summary>
public sealed record SweepSpec(string Name, IReadOnlyList<SweepSetting> Base, IReadOnlyList<SweepAxis> Axes, IReadOnlyList<IReadOnlyList<SweepSetting>> Cases)
{
    /// <summary>Cases of the cartesian product beyond which a sweep is refused.</summary>
    public const long MaxCases = 10_000_000;

    /// <summary>The swept flags, in order: the axes', then any other flag an explicit case sets.</summary>
    public IReadOnlyList<string> VariedFlags()
    {
        var flags = Axes.Select(a => a.Flag).ToList();
        foreach (var c in Cases) foreach (var s in c) if (!flags.Contains(s.Flag)) flags.Add(s.Flag);
        return flags;
    }

    public long ProductSize() => Axes.Aggregate(1L, (n, a) => n * a.Values.Count > MaxCases ? MaxCases + 1 : n * a.Values.Count);

    /// <summary>Every case, in index order.</summary>
    public IReadOnlyList<SweepCase> Expand()
    {
        var cases = new List<SweepCase>();
        var flags = VariedFlags();
        long product = Axes.Count == 0 ? (Cases.Count == 0 ? 1 : 0) : ProductSize();
        if (product > MaxCases) throw new InvalidOperationException($"more than {MaxCases} cases");
        var pick = new int[Axes.Count];
        for (long k = 0; k < product; k++)
        {
            long rest = k;
            for (int a = Axes.Count - 1; a >= 0; a--) { pick[a] = (int)(rest % Axes[a].Values.Count); rest /= Axes[a].Values.Count; }
            var chosen = Axes.Select((axis, a) => axis.Values[pick[a]]).ToList();
            cases.Add(Case(cases.Count, chosen, flags));
        }
        foreach (var explicitCase in Cases) cases.Add(Case(cases.Count, explicitCase, flags));
        return cases;
    }

    private SweepCase Case(int index, IReadOnlyList<SweepSetting> chosen, IReadOnlyList<string> flags)
    {
        var settings = Base.ToList();
        foreach (var s in chosen)
        {
            int at = settings.FindIndex(b => b.Flag == s.Flag);
            if (at >= 0) settings[at] = s;
            else settings.Add(s);
        }
        var args = settings.SelectMany(s => s.Arguments()).ToArray();
        var varied = flags.Select(f => settings.FirstOrDefault(s => s.Flag == f) ?? new SweepSetting(f, [], Absent: true)).ToArray();
        int line = chosen.Count == 0 ? 0 : chosen.Max(s => s.Line);
        return new SweepCase(index, IdOf(args), args, varied, line);
    }

    /// <summary>The first 16 hex digits of the SHA-256 of the arguments, one per line.</summary>
    public static string IdOf(IReadOnlyList<string> arguments)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(string.Join("\n", arguments)));
        return Convert.ToHexStringLower(hash)[..16];
    }
}
