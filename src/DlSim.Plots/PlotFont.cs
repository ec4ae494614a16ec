using ScottPlot;
using DlSim.Foundation;

namespace DlSim.Plots;

/// <summary>
/// The font every plot draws its text with. ScottPlot draws no text at all, silently, when it finds no
/// font, so the font is loaded from a named file and its absence is an error, never a blank plot.
/// </summary>
public static class PlotFont
{
    /// <summary>DejaVu Sans from Debian's fonts-dejavu-core package.</summary>
    public const string DefaultPath = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf";

    public const string DebianPackage = "fonts-dejavu-core";

    /// <summary>Family name the loaded file is registered under, one per file.</summary>
    private static readonly Dictionary<string, string> Registered = [];
    private static readonly Lock Gate = new();

    /// <summary>Registers the font file with ScottPlot (once per file) and returns the family name to use.</summary>
    /// <exception cref="InputException">The file is missing or is not a font; the message names the file and the package.</exception>
    public static string Load(string path)
    {
        string full = Path.GetFullPath(path);
        lock (Gate)
        {
            if (Registered.TryGetValue(full, out string? known)) return known;
            if (!File.Exists(full))
                throw new InputException(path, 0, $"expected a TrueType font for plot labels (DejaVu Sans: apt-get install {DebianPackage}), found no file");
            using (var typeface = SkiaSharp.SKTypeface.FromFile(full))
                if (typeface is null)
                    throw new InputException(path, 0, $"expected a TrueType font for plot labels (DejaVu Sans: apt-get install {DebianPackage}), found a file that is not a font");
            string family = "DlSim plot font " + Registered.Count;
            Fonts.AddFontFile(family, full);
            Registered[full] = family;
            return family;
        }
    }
}
