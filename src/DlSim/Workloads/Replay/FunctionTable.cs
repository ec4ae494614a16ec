namespace DlSim.Workloads.Replay;

/// <summary>
/// The trace's functions in order of first appearance, each with its invocation count (volume) in the
/// window. Keys are looked up as spans of the row's text, so reading a row allocates nothing for a known function.
/// </summary>
public sealed class FunctionTable
{
    private readonly Dictionary<string, int> _index = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _lookup;
    private readonly List<long> _volumes = [];

    public FunctionTable() => _lookup = _index.GetAlternateLookup<ReadOnlySpan<char>>();

    public int Count => _volumes.Count;

    /// <summary>The function's index, adding it at the end when new.</summary>
    public int Add(ReadOnlySpan<char> key)
    {
        if (_lookup.TryGetValue(key, out int i)) return i;
        i = _volumes.Count;
        _lookup[key] = i;
        _volumes.Add(0);
        return i;
    }

    /// <summary>The function's index, or −1 when it was never added.</summary>
    public int IndexOf(ReadOnlySpan<char> key) => _lookup.TryGetValue(key, out int i) ? i : -1;

    public void AddVolume(int index, long invocations) => _volumes[index] += invocations;

    public long VolumeOf(int index) => _volumes[index];
}

/// <summary>Model id of each function (by its index in a <see cref="FunctionTable"/>); −1 when dropped.</summary>
public sealed class FunctionMap
{
    private readonly FunctionMapping _mapping;
    private readonly int _models;
    private readonly int[] _topModelOf;

    private FunctionMap(FunctionMapping mapping, int models, int[] topModelOf)
    {
        _mapping = mapping;
        _models = models;
        _topModelOf = topModelOf;
    }

    /// <summary>The map for the mapping; top-N needs the window's volumes, round-robin only the functions' order.</summary>
    public static FunctionMap Create(FunctionMapping mapping, int models, FunctionTable functions) => mapping switch
    {
        FunctionMapping.RoundRobin => new FunctionMap(mapping, models, []),
        FunctionMapping.Top => new FunctionMap(mapping, models, TopN(functions, models)),
        _ => throw new ArgumentOutOfRangeException(nameof(mapping), mapping, null),
    };

    public int ModelOf(int function) => _mapping == FunctionMapping.RoundRobin
        ? function % _models
        : function < _topModelOf.Length ? _topModelOf[function] : -1;

    /// <summary>Functions ranked by falling volume, ties by first appearance; the first N get models 0..N−1.</summary>
    private static int[] TopN(FunctionTable functions, int n)
    {
        var order = new int[functions.Count];
        for (int i = 0; i < order.Length; i++) order[i] = i;
        Array.Sort(order, (a, b) =>
        {
            int byVolume = functions.VolumeOf(b).CompareTo(functions.VolumeOf(a));
            return byVolume != 0 ? byVolume : a.CompareTo(b);
        });
        var modelOf = new int[functions.Count];
        Array.Fill(modelOf, -1);
        for (int rank = 0; rank < Math.Min(n, order.Length); rank++) modelOf[order[rank]] = rank;
        return modelOf;
    }
}
