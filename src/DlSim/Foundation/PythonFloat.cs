using System.Globalization;

namespace DlSim.Foundation;

/// <summary>
/// Formats doubles the way Python's <c>repr(float)</c> does (shortest round-trip digits, "1.0" for
/// integral values, "1e-05" exponents), so files we write read back to the same values and stay
/// byte-compatible with the original tool's files.
/// </summary>
public static class PythonFloat
{
    public static string Format(double value)
    {
        if (double.IsNaN(value)) return "nan";
        if (double.IsInfinity(value)) return value > 0 ? "inf" : "-inf";
        if (value == 0) return double.IsNegative(value) ? "-0.0" : "0.0";

        // "E16" is not shortest; take the shortest round-trip digits from "R" and re-lay them.
        string r = value.ToString("R", CultureInfo.InvariantCulture);
        bool negative = r[0] == '-';
        if (negative) r = r[1..];
        int exponentAt = r.IndexOfAny(['E', 'e']);
        string mantissa = exponentAt >= 0 ? r[..exponentAt] : r;
        int exponent = exponentAt >= 0 ? int.Parse(r[(exponentAt + 1)..], CultureInfo.InvariantCulture) : 0;

        int dot = mantissa.IndexOf('.');
        string intPart = dot >= 0 ? mantissa[..dot] : mantissa;
        string fracPart = dot >= 0 ? mantissa[(dot + 1)..] : "";
        string digits = (intPart + fracPart).TrimStart('0');
        int leadingZeros = (intPart + fracPart).Length - (intPart + fracPart).TrimStart('0').Length;
        // Decimal exponent of the first significant digit.
        int decimalExponent = intPart.Length - 1 - leadingZeros + exponent;
        digits = digits.TrimEnd('0');
        if (digits.Length == 0) digits = "0";

        string body;
        if (decimalExponent < -4 || decimalExponent >= 16)
        {
            string m = digits.Length == 1 ? digits : digits[0] + "." + digits[1..];
            string sign = decimalExponent < 0 ? "-" : "+";
            body = $"{m}e{sign}{Math.Abs(decimalExponent):00}";
        }
        else if (decimalExponent < 0)
        {
            body = "0." + new string('0', -decimalExponent - 1) + digits;
        }
        else if (digits.Length <= decimalExponent + 1)
        {
            body = digits + new string('0', decimalExponent + 1 - digits.Length) + ".0";
        }
        else
        {
            body = digits[..(decimalExponent + 1)] + "." + digits[(decimalExponent + 1)..];
        }
        return negative ? "-" + body : body;
    }

    /// <summary>Integral values without a decimal point (as Python prints an int), others as <see cref="Format"/>.</summary>
    public static string FormatNumber(double value) =>
        value == Math.Floor(value) && Math.Abs(value) < 1e15
            ? ((long)value).ToString(CultureInfo.InvariantCulture)
            : Format(value);

    /// <summary>A Python-style list of floats: "[0.8, 0.2]".</summary>
    public static string FormatList(IReadOnlyList<double> values)
    {
        var parts = new string[values.Count];
        for (int i = 0; i < values.Count; i++) parts[i] = Format(values[i]);
        return "[" + string.Join(", ", parts) + "]";
    }
}
