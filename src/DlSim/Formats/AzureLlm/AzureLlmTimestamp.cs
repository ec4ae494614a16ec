namespace DlSim.Formats.AzureLlm;

/// <summary>
/// The TIMESTAMP of the Azure LLM inference traces, read by hand (no culture, no format strings):
/// <c>yyyy-MM-dd HH:mm:ss</c>, optional fraction of 1–7 digits, optional <c>Z</c> or <c>±HH:MM</c> offset
/// (the 2023 traces have 7 digits and no offset, the 2024 ones 6 digits and <c>+00:00</c>).
/// </summary>
public static class AzureLlmTimestamp
{
    public const string Format = "yyyy-MM-dd HH:mm:ss.fffffff (fraction of 1-7 digits and a Z or ±HH:MM offset optional)";

    /// <summary>The instant in 100 ns ticks (UTC when an offset is given), or false when the text is not of the format or not a real date.</summary>
    public static bool TryParseTicks(ReadOnlySpan<char> s, out long ticks)
    {
        ticks = 0;
        if (s.Length < 19 || s[4] != '-' || s[7] != '-' || s[10] != ' ' || s[13] != ':' || s[16] != ':') return false;
        if (!Digits(s, 0, 4, out int year) || !Digits(s, 5, 2, out int month) || !Digits(s, 8, 2, out int day)
            || !Digits(s, 11, 2, out int hour) || !Digits(s, 14, 2, out int minute) || !Digits(s, 17, 2, out int second)) return false;
        if (year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month) || hour > 23 || minute > 59 || second > 59) return false;
        long fraction = 0;
        int i = 19;
        if (i < s.Length && s[i] == '.')
        {
            int digits = 0;
            for (i++; i < s.Length && char.IsAsciiDigit(s[i]); i++, digits++)
            {
                if (digits == 7) return false;
                fraction = fraction * 10 + (s[i] - '0');
            }
            if (digits == 0) return false;
            for (; digits < 7; digits++) fraction *= 10;
        }
        long offsetTicks = 0;
        if (i < s.Length)
        {
            if (s[i] == 'Z' && i + 1 == s.Length) i++;
            else if ((s[i] == '+' || s[i] == '-') && s.Length - i == 6 && s[i + 3] == ':'
                && Digits(s, i + 1, 2, out int oh) && Digits(s, i + 4, 2, out int om) && oh <= 14 && om <= 59)
            {
                offsetTicks = (s[i] == '+' ? 1 : -1) * (oh * TimeSpan.TicksPerHour + om * TimeSpan.TicksPerMinute);
                i = s.Length;
            }
            else return false;
        }
        ticks = new DateTime(year, month, day, hour, minute, second, DateTimeKind.Unspecified).Ticks + fraction - offsetTicks;
        return true;
    }

    private static bool Digits(ReadOnlySpan<char> s, int start, int count, out int value)
    {
        value = 0;
        for (int i = start; i < start + count; i++)
        {
            if (!char.IsAsciiDigit(s[i])) return false;
            value = value * 10 + (s[i] - '0');
        }
        return true;
    }
}
