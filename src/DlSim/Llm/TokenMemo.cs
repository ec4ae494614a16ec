namespace DlSim.Llm;

/// <summary>A function of a non-negative count (batch tokens, sequences), computed at most once per count: an iteration's
/// timing looks the same few thousand counts up millions of times. Safe to share between threads (a lost write only
/// means computing a value again).</summary>
internal sealed class TokenMemo(Func<int, double> compute)
{
    private const int Largest = 1 << 20;
    private double[] _values = [];

    public double this[int count]
    {
        get
        {
            var values = _values;
            if ((uint)count < (uint)values.Length && !double.IsNaN(values[count])) return values[count];
            double v = compute(count);
            if (count < 0 || count >= Largest || double.IsNaN(v)) return v;
            if (count >= values.Length)
            {
                var grown = new double[Math.Min(Largest, Math.Max(count + 1, values.Length * 2))];
                Array.Fill(grown, double.NaN);
                values.CopyTo(grown, 0);
                _values = values = grown;
            }
            values[count] = v;
            return v;
        }
    }
}
