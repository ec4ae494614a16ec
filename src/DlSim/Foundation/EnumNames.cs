namespace DlSim.Foundation;

/// <summary>CLI names derived from enum members (RoundRobin → round-robin, Azure2019 → azure2019), so adding a member adds its name.</summary>
public static class EnumNames
{
    public static string Of<T>(T value) where T : struct, Enum
    {
        string name = value.ToString();
        var text = new System.Text.StringBuilder(name.Length + 4);
        for (int i = 0; i < name.Length; i++)
        {
            if (i > 0 && char.IsUpper(name[i]) && char.IsLower(name[i - 1])) text.Append('-');
            text.Append(char.ToLowerInvariant(name[i]));
        }
        return text.ToString();
    }

    public static IReadOnlyList<string> All<T>() where T : struct, Enum => Enum.GetValues<T>().Select(v => Of(v)).ToArray();

    /// <summary>"a, b or c" for help texts and messages.</summary>
    public static string List<T>() where T : struct, Enum
    {
        var names = All<T>();
        return names.Count == 1 ? names[0] : string.Join(", ", names.Take(names.Count - 1)) + " or " + names[^1];
    }

    /// <summary>The member named <paramref name="text"/>; bad input naming the flag otherwise.</summary>
    public static T Parse<T>(string text, string flag) where T : struct, Enum =>
        TryParse(text, out T value) ? value : throw new InputException(flag, 0, $"expected {List<T>()}, found \"{text}\"");

    /// <summary>The member named <paramref name="text"/> (case and surrounding spaces ignored), if any.</summary>
    public static bool TryParse<T>(string text, out T value) where T : struct, Enum
    {
        foreach (var member in Enum.GetValues<T>())
            if (string.Equals(Of(member), text.Trim(), StringComparison.OrdinalIgnoreCase)) { value = member; return true; }
        value = default;
        return false;
    }
}
