using DlSim.Foundation;

namespace DlSim.Cli.Commands;

/// <summary>Checks names that become file names, so no flag can write outside its output folder.</summary>
public static class OutputNames
{
    public static string SafeFileStem(string name, string flag)
    {
        bool bad = name.Length == 0 || name == "." || name == ".." || name.Contains('/') || name.Contains('\\') ||
                   name.IndexOfAny(Path.GetInvalidFileNameChars()) >= 0 || name.StartsWith('-');
        if (bad) throw new InputException(flag, 0, $"expected a plain name (no '/', '\\', '..' or leading '-') so the output stays in its folder, found \"{name}\"");
        return name;
    }
}
