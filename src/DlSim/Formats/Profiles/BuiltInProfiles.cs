using DlSim.Formats.Json;
using DlSim.Model;

namespace DlSim.Formats.Profiles;

/// <summary>The profiles shipped inside DLSIM.</summary>
public static class BuiltInProfiles
{
    /// <summary>
    /// The seven executables measured on V100 GPUs by the original tool's authors (BERT 125M and 2.6B;
    /// 1 GPU, 2-GPU tensor, 2- and 4-stage pipeline), with memory figures derived in docs/model.md.
    /// Stored in the profile format as an embedded file, so built-in and user profiles take one path.
    /// </summary>
    public static ModelCatalog Catalog { get; } = Load();

    private static ModelCatalog Load()
    {
        using var stream = typeof(BuiltInProfiles).Assembly.GetManifestResourceStream("DlSim.builtin-profiles.json")
            ?? throw new InvalidOperationException("the built-in profile resource is missing from the assembly");
        using var memory = new MemoryStream();
        stream.CopyTo(memory);
        return new ModelCatalog(ProfileJson.Parse(JsonNode.Parse(memory.ToArray(), "built-in profiles"), "built-in profiles"));
    }

    /// <summary>The catalog with the executables of these profile files added (see <see cref="ModelCatalog.With"/>).</summary>
    public static ModelCatalog WithFiles(this ModelCatalog catalog, IEnumerable<string> profileFiles) =>
        catalog.With(profileFiles.Select(f => (f, (IEnumerable<Executable>)ProfileJson.Read(f))));
}
