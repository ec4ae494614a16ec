namespace DlSim.Llm;

/// <summary>Measurements on nested axes where each branch may have its own points (a profile's grid need not be a
/// full product). Evaluated by linear interpolation along each axis in turn, outermost first.</summary>
public sealed class RaggedGrid
{
    private readonly double[] _keys;
    private readonly RaggedGrid[]? _children;
    private readonly double[]? _values;

    private RaggedGrid(double[] keys, RaggedGrid[]? children, double[]? values)
    {
        _keys = keys; _children = children; _values = values;
    }

    public IReadOnlyList<double> Keys => _keys;

    /// <summary>Builds the grid from points of equal dimension (the last coordinate of each is the measured value). Duplicate coordinates keep the last.</summary>
    public static RaggedGrid Build(IReadOnlyList<double[]> points)
    {
        if (points.Count == 0) throw new ArgumentException("no points", nameof(points));
        int dims = points[0].Length - 1;
        return Build(points, 0, dims);
    }

    private static RaggedGrid Build(IReadOnlyList<double[]> points, int axis, int dims)
    {
        var groups = new SortedDictionary<double, List<double[]>>();
        foreach (var p in points)
        {
            if (!groups.TryGetValue(p[axis], out var list)) groups[p[axis]] = list = [];
            list.Add(p);
        }
        var keys = groups.Keys.ToArray();
        if (axis == dims - 1)
            return new RaggedGrid(keys, null, groups.Values.Select(g => g[^1][dims]).ToArray());
        return new RaggedGrid(keys, groups.Values.Select(g => Build(g, axis + 1, dims)).ToArray(), null);
    }

    public RaggedGrid? Child(double key)
    {
        int i = Array.IndexOf(_keys, key);
        return i < 0 || _children is null ? null : _children[i];
    }

    /// <summary>The interpolated value at <paramref name="point"/> (one coordinate per axis).</summary>
    public double At(ReadOnlySpan<double> point)
    {
        if (_values is not null) return Interpolation.Linear(_keys, _values, point[0]);
        int n = _keys.Length;
        double x = point[0];
        var rest = point[1..];
        if (n == 1) return _children![0].At(rest);
        int hi = Interpolation.LowerBound(_keys, x);
        if (hi < n && _keys[hi] == x) return _children![hi].At(rest);
        if (hi == 0) hi = 1;
        else if (hi == n) hi = n - 1;
        int lo = hi - 1;
        double a = _children![lo].At(rest), b = _children[hi].At(rest);
        double t = (x - _keys[lo]) / (_keys[hi] - _keys[lo]);
        return Math.Max(0, a + t * (b - a));
    }
}
