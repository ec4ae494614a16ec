using System.Text;
using System.Text.RegularExpressions;

namespace DlSim.Tests.Fuzz;

/// <summary>
/// Seeded mutations of a valid input file: truncation, byte flips, huge and odd numbers, values of the
/// wrong type, bad encodings, control characters, repeated, dropped and endless lines. The same seed
/// gives the same mutant, so a failure can be replayed from its seed.
/// </summary>
public static partial class Mutator
{
    private static readonly string[] OddNumbers =
        ["1e308", "1e400", "-1e400", "-1", "0", "-0", "NaN", "Infinity", "99999999999999999999", "4294967296", "9223372036854775808", "1e-320", "2147483648", "65537", "1e18"];

    private static readonly string[] WrongTypes = ["\"x\"", "null", "[]", "{}", "true", "\"\"", "[[1]]"];

    private static readonly byte[][] OddBytes =
    [
        [0xFF], [0xC3, 0x28], [0xEF, 0xBB, 0xBF], [0xFE, 0xFF], [0x00], [0x1B, (byte)'[', (byte)'2', (byte)'J'], [(byte)'\r'], [(byte)'"'], [(byte)','], [(byte)'\t'], [0xE2, 0x80, 0xAE],
    ];

    public static byte[] Mutate(byte[] input, int seed)
    {
        var rng = new Random(seed);
        byte[] result = input;
        int rounds = rng.Next(4) == 0 ? 2 : 1;
        for (int r = 0; r < rounds; r++) result = Once(result, rng);
        return result;
    }

    private static byte[] Once(byte[] input, Random rng)
    {
        if (input.Length == 0) return [.. OddBytes[rng.Next(OddBytes.Length)]];
        // Latin-1 maps bytes to chars one to one, so text edits keep every other byte as it was.
        string text = Encoding.Latin1.GetString(input);
        switch (rng.Next(9))
        {
            case 0: return input[..rng.Next(input.Length)];
            case 1:
            {
                var copy = (byte[])input.Clone();
                for (int i = rng.Next(1, 9); i > 0; i--) copy[rng.Next(copy.Length)] = (byte)rng.Next(256);
                return copy;
            }
            case 2: return Latin1(ReplaceToken(text, NumberToken(), OddNumbers, rng));
            case 3: return Latin1(ReplaceToken(text, ValueToken(), WrongTypes, rng));
            case 4:
            {
                int at = rng.Next(input.Length + 1);
                return [.. input[..at], .. OddBytes[rng.Next(OddBytes.Length)], .. input[at..]];
            }
            case 5: return rng.Next(3) == 0 ? [0xFF, 0xFE, .. Encoding.Unicode.GetBytes(Encoding.UTF8.GetString(input))] : Latin1(EditLines(text, rng));
            case 6:
            {
                int start = rng.Next(input.Length), length = Math.Min(rng.Next(1, 64), input.Length - start);
                int times = rng.Next(2) == 0 ? rng.Next(2, 50) : 200_000 / Math.Max(length, 1);
                var slice = input.AsSpan(start, length).ToArray();
                var repeated = new byte[length * times];
                for (int i = 0; i < times; i++) slice.CopyTo(repeated, i * length);
                return [.. input[..start], .. repeated, .. input[start..]];
            }
            case 7: return Latin1(ReplaceToken(text, NumberToken(), ["" + rng.NextInt64(), (rng.NextDouble() * Math.Pow(10, rng.Next(-10, 30))).ToString("R", System.Globalization.CultureInfo.InvariantCulture)], rng));
            default:
            {
                // Swap a structural character for another.
                char[] structural = ['{', '}', '[', ']', ':', ',', '"', '\n'];
                var copy = text.ToCharArray();
                var positions = Enumerable.Range(0, copy.Length).Where(i => Array.IndexOf(structural, copy[i]) >= 0).ToArray();
                if (positions.Length == 0) return input;
                copy[positions[rng.Next(positions.Length)]] = structural[rng.Next(structural.Length)];
                return Latin1(new string(copy));
            }
        }
    }

    private static string ReplaceToken(string text, Regex token, string[] replacements, Random rng)
    {
        var matches = token.Matches(text);
        if (matches.Count == 0) return text;
        var m = matches[rng.Next(matches.Count)];
        return string.Concat(text.AsSpan(0, m.Index), replacements[rng.Next(replacements.Length)], text.AsSpan(m.Index + m.Length));
    }

    private static string EditLines(string text, Random rng)
    {
        var lines = text.Split('\n').ToList();
        int i = rng.Next(lines.Count);
        switch (rng.Next(3))
        {
            case 0: lines.Insert(i, lines[i]); break;
            case 1: lines.RemoveAt(i); break;
            default:
                int j = rng.Next(lines.Count);
                (lines[i], lines[j]) = (lines[j], lines[i]);
                break;
        }
        return string.Join('\n', lines);
    }

    private static byte[] Latin1(string text) => Encoding.Latin1.GetBytes(text);

    [GeneratedRegex(@"-?\d+(\.\d+)?([eE][-+]?\d+)?")]
    private static partial Regex NumberToken();

    [GeneratedRegex(@"-?\d+(\.\d+)?([eE][-+]?\d+)?|""[^""\n]*""|\btrue\b|\bfalse\b|\bnull\b")]
    private static partial Regex ValueToken();
}
