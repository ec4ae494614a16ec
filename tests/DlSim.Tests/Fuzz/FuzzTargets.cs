using DlSim.Cli;

namespace DlSim.Tests.Fuzz;

/// <summary>One input format under fuzzing: a valid seed file and the command that reads it.</summary>
/// <param name="Name">Also the folder of its regression cases under Fuzz/Regressions.</param>
/// <param name="FileName">Name the mutant is written under (extensions matter to some readers).</param>
/// <param name="Seed">The valid file's bytes.</param>
/// <param name="Args">The command line, given the mutant's path and an output folder.</param>
public sealed record FuzzTarget(string Name, string FileName, Func<byte[]> Seed, Func<string, string, string[]> Args)
{
    public override string ToString() => Name;
}

public static class FuzzTargets
{
    private static string Reference(params string[] parts) => Path.Combine([ReferenceData.Root, .. parts]);
    private static string Sample(string name) => Path.Combine(RepositoryRoot.Path, "samples", name);
    private static readonly string SmallWorkload = Reference("workloads", "test_workload_8to2_6.667Hz_20s.csv");
    private static readonly string Interop = Reference("placements", "placement_interop.json");

    public static readonly IReadOnlyList<FuzzTarget> All =
    [
        new("workload-csv", "workload.csv", () => File.ReadAllBytes(SmallWorkload),
            (f, o) => ["simulate", "-w", f, "--json", Path.Combine(o, "r.json"), "--trace-out", Path.Combine(o, "t.json")]),
        new("workload-parquet", "workload.parquet", () => Generated("w.parquet", ["workload", "generate", "--requests", "300", "--models", "3"]),
            (f, o) => ["workload", "slice", f, "--from", "1", "-o", Path.Combine(o, "s.csv")]),
        new("placement-json", "placement.json", () => File.ReadAllBytes(Interop),
            (f, o) => ["simulate", "-w", SmallWorkload, "-p", f, "--json", Path.Combine(o, "r.json")]),
        new("profile-json", "profile.json", () => Generated("p.json", ["models", "export"]),
            (f, o) => ["models", "show", "--profiles", f]),
        new("calibration-json", "calibration.json", () => File.ReadAllBytes(Sample("calibration_reference.json")),
            (f, o) => ["simulate", "-w", SmallWorkload, "-p", Reference("placements", "placement_125M_interop.json"), "--calibration", f, "--allow-unused-calibration", "--json", Path.Combine(o, "r.json")]),
        new("cluster-trace-json", "trace.json", () => File.ReadAllBytes(Reference("cluster_traces", "test_workload_8to2_6.667Hz_20s_intraop_trace.json")),
            (f, o) => ["compare", "-w", SmallWorkload, "-p", Reference("placements", "placement_intraop.json"), "-t", f, "--worst", "2", "--json", Path.Combine(o, "c.json")]),
        new("azure2019-csv", "day.csv", () => File.ReadAllBytes(Sample("azure2019_d01_sample.csv")),
            (f, o) => ["workload", "replay", "azure2019", f, "--window", "0:360", "--map", "top:3", "-o", Path.Combine(o, "m.csv")]),
        new("azure2021-csv", "invocations.csv", () => File.ReadAllBytes(Sample("azure2021_sample.csv")),
            (f, o) => ["workload", "replay", "azure2021", f, "--window", "600:3000", "--models", "2", "-o", Path.Combine(o, "m.csv")]),
        new("alpaserve-tsv", "table.tsv", () => File.ReadAllBytes(Sample("alpaserve_profile_example.tsv")),
            (f, o) => ["models", "import", f, "-o", Path.Combine(o, "p.json")]),
        new("closed-loop-spec", "clients.txt", () => "# clients\n0=4,think=0.2\n1=2,dist=const,think=0.1,slo=0.5\n"u8.ToArray(),
            (f, o) => ["simulate", "--closed-loop", "@" + f, "--duration", "5", "--overhead", "0", "--json", Path.Combine(o, "r.json")]),
    ];

    public static FuzzTarget Named(string name) => All.Single(t => t.Name == name);

    /// <summary>A seed file made by the tool itself (its own output is a valid input).</summary>
    private static byte[] Generated(string name, string[] args)
    {
        using var dir = new TempDir();
        string path = dir.File(name);
        int code = DlSimCli.Run([.. args, "-o", path], new StringWriter(), new StringWriter());
        if (code != DlSimCli.Ok) throw new InvalidOperationException($"could not make the seed {name}: exit {code}");
        return File.ReadAllBytes(path);
    }
}
