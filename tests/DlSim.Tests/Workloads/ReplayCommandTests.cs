using System.CommandLine;
using Xunit;
using DlSim.Cli;
using DlSim.Cli.Commands;
using DlSim.Formats.SeedWorkload;
using DlSim.Workloads;
using static DlSim.Tests.Workloads.ReplayTraces;
using static DlSim.Tests.Cli.CliRunner;

namespace DlSim.Tests.Workloads;

/// <summary><c>dlsim workload replay | merge | slice | scale</c> end to end: files written, summaries, determinism, help.</summary>
public sealed class ReplayCommandTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    private string Day2019File()
    {
        var random = new Random(3);
        return _dir.Write("d01.csv", Day2019(
        [
            new("o", "a", "f1", RandomCounts(random, 1)), new("o", "a", "f2", RandomCounts(random, 4)), new("o", "b", "f3", RandomCounts(random, 2)),
        ]));
    }

    [Fact]
    public void Replay_azure2019_writes_the_traces_counts_per_minute_and_a_summary()
    {
        string trace = Day2019File();
        string output = _dir.File("replayed.csv");
        var (code, stdout, stderr) = Run("workload", "replay", "azure2019", trace, "--window", "60:180", "--map", "top:2", "--slos", "0.1,0.3", "--seed", "4", "-o", output);
        Assert.True(code == 0, stderr);

        var w = SeedWorkloadCsv.Read(output);
        var text = File.ReadAllLines(trace);
        var f2 = text[2].Split(',').Skip(4).Select(int.Parse).ToArray(); // the highest volume → model 0
        var f3 = text[3].Split(',').Skip(4).Select(int.Parse).ToArray();
        for (int m = 0; m < 120; m++)
        {
            Assert.Equal(f2[60 + m], w.ArrivalsS.Where((t, i) => w.ModelIds[i] == 0 && (int)(t / 60) == m).Count());
            Assert.Equal(f3[60 + m], w.ArrivalsS.Where((t, i) => w.ModelIds[i] == 1 && (int)(t / 60) == m).Count());
        }
        Assert.Equal([0.1, 0.3], w.Header.SlosS);
        Assert.Equal($"{output}: {w.Count} requests, 2 models, arrivals {w.ArrivalsS[0]:0.######}–{w.ArrivalsS[^1]:0.######} s\n", stdout.Replace("\r\n", "\n"));
    }

    [Fact]
    public void The_same_seed_gives_a_byte_identical_file()
    {
        string trace = Day2019File();
        string[] args = ["workload", "replay", "azure2019", trace, "--models", "3", "--rate-factor", "0.7", "--seed", "9", "-o"];
        Assert.Equal(0, Run([.. args, _dir.File("a.csv")]).Code);
        Assert.Equal(0, Run([.. args, _dir.File("b.csv")]).Code);
        Assert.Equal(File.ReadAllBytes(_dir.File("a.csv")), File.ReadAllBytes(_dir.File("b.csv")));
    }

    [Fact]
    public void Replay_azure2021_then_slice_scale_and_merge_through_files()
    {
        var invocations = RandomInvocations(new Random(5), 500, 600, ("a", "f", 1), ("a", "g", 1));
        string trace = _dir.Write("inv.csv", File2021(invocations));
        string replayed = _dir.File("r.csv"), sliced = _dir.File("s.csv"), scaled = _dir.File("x.csv"), merged = _dir.File("m.csv");

        Assert.Equal(0, Run("workload", "replay", "azure2021", trace, "--window", "100:400", "--models", "2", "-o", replayed).Code);
        var r = SeedWorkloadCsv.Read(replayed);
        Assert.Equal(invocations.Select(i => i.ArrivalS).Where(a => a >= 100 && a < 400).Order().Select(a => a - 100), r.ArrivalsS);

        var (code, stdout, _) = Run("workload", "slice", replayed, "--from", "50", "--to", "150", "--shift", "-o", sliced);
        Assert.Equal(0, code);
        var s = SeedWorkloadCsv.Read(sliced);
        Assert.Equal(r.ArrivalsS.Where(a => a >= 50 && a < 150).Select(a => a - 50), s.ArrivalsS);
        Assert.StartsWith($"{sliced}: {s.Count} requests, 2 models, arrivals ", stdout);

        Assert.Equal(0, Run("workload", "scale", replayed, "--time-factor", "0.5", "-o", scaled).Code);
        Assert.Equal(r.ArrivalsS.Select(a => a * 0.5), SeedWorkloadCsv.Read(scaled).ArrivalsS);

        Assert.Equal(0, Run("workload", "merge", replayed, sliced, "--name", "both", "-o", merged).Code);
        var m = SeedWorkloadCsv.Read(merged);
        Assert.Equal(r.Count + s.Count, m.Count);
        Assert.Equal(4, m.Header.ModelCount);
        Assert.Equal("both", m.Header.Name);
        Assert.Equal(r.ArrivalsS.Concat(s.ArrivalsS).Order(), m.ArrivalsS);
    }

    [Fact]
    public void Every_flag_of_the_new_workload_commands_is_described_in_help()
    {
        var root = DlSimCli.BuildRoot(new CliContext(TextWriter.Null, TextWriter.Null));
        var workload = root.Subcommands.Single(c => c.Name == "workload");
        var commands = new List<Command>();
        foreach (var name in new[] { "merge", "slice", "scale", "replay" })
        {
            var c = workload.Subcommands.Single(x => x.Name == name);
            commands.Add(c);
            commands.AddRange(c.Subcommands);
        }
        Assert.Contains(commands, c => c.Name == "azure2019");
        Assert.Contains(commands, c => c.Name == "azure2021");
        foreach (var c in commands)
        {
            Assert.False(string.IsNullOrWhiteSpace(c.Description), c.Name);
            foreach (var o in c.Options) Assert.False(string.IsNullOrWhiteSpace(o.Description), $"{c.Name} {o.Name}");
            foreach (var a in c.Arguments) Assert.False(string.IsNullOrWhiteSpace(a.Description), $"{c.Name} {a.Name}");
        }
        var (code, stdout, _) = Run("workload", "replay", "azure2019", "--help");
        Assert.Equal(0, code);
        foreach (var flag in new[] { "--window", "--map", "--models", "--within-minute", "--rate-factor", "--time-factor", "--slos", "--seed", "--name", "--output" })
            Assert.Contains(flag, stdout);
    }
}
