using System.CommandLine;
using System.Globalization;
using DlSim.Io;
using DlSim.Workloads;

namespace DlSim.Cli.Commands;

/// <summary><c>dlsim workload generate</c>: an open-loop Poisson workload to a seed CSV.</summary>
public static class WorkloadGenerateCommand
{
    public static Command Build(CliContext context)
    {
        var defaults = new PoissonWorkloadSpec();
        var rate = new Option<double>("--rate") { Description = "Total request rate in Hz over all models.", DefaultValueFactory = _ => defaults.TotalRateHz };
        var proportions = new Option<string>("--proportions")
        { Description = "Share of each model, comma-separated, summing to 1 (e.g. 0.8,0.2).", DefaultValueFactory = _ => "0.8,0.2" };
        var duration = new Option<double>("--duration") { Description = "Length in seconds.", DefaultValueFactory = _ => defaults.DurationS };
        var slos = new Option<string>("--slos")
        { Description = "SLO in seconds: one value for every model, or one per model comma-separated.", DefaultValueFactory = _ => "0.25" };
        var seed = new Option<ulong>("--seed") { Description = "Random seed; the same seed gives a byte-identical file.", DefaultValueFactory = _ => 0UL };
        var name = new Option<string?>("--name") { Description = "Name stored in the file's header. Default: derived from rate and duration." };
        var output = new Option<string>("--output", "-o") { Description = "File to write (seed CSV).", Required = true };

        var command = new Command("generate", "Generate an open-loop Poisson workload: total rate split over models by proportions.");
        foreach (var o in new Option[] { rate, proportions, duration, slos, seed, name, output }) command.Options.Add(o);
        command.SetAction(parse =>
        {
            var shares = ParseList(parse.GetValue(proportions)!, "--proportions");
            var slo = ParseList(parse.GetValue(slos)!, "--slos");
            if (slo.Length == 1 && shares.Length > 1) slo = Enumerable.Repeat(slo[0], shares.Length).ToArray();
            double hz = parse.GetValue(rate), seconds = parse.GetValue(duration);
            var spec = new PoissonWorkloadSpec
            {
                TotalRateHz = hz, Proportions = shares, DurationS = seconds, SlosS = slo, Seed = parse.GetValue(seed),
                Name = parse.GetValue(name) ?? string.Create(CultureInfo.InvariantCulture, $"poisson_{hz}Hz_{seconds}s"),
            };
            var workload = PoissonGenerator.Generate(spec);
            string path = parse.GetValue(output)!;
            SeedWorkloadCsv.Write(workload, path);
            context.Out.WriteLine($"{path}: {workload.Count} requests, {shares.Length} models, {spec.TotalRateHz} Hz for {spec.DurationS} s (seed {spec.Seed})");
            return DlSimCli.Ok;
        });
        return command;
    }

    /// <summary>"0.8,0.2" or "[0.8, 0.2]" → numbers; anything else is bad input naming the flag.</summary>
    public static double[] ParseList(string text, string flag)
    {
        string t = text.Trim();
        var values = SeedNumbers.TryList(t.StartsWith('[') ? t : "[" + t + "]");
        if (values is null || values.Length == 0)
            throw new InputException(flag, 0, $"expected comma-separated numbers such as 0.8,0.2, found \"{text}\"");
        return values;
    }
}
