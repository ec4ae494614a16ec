using System.CommandLine;
using System.Globalization;
using DlSim.Cli.Output;
using DlSim.Formats.Profiles;
using DlSim.Foundation;
using DlSim.Model;

namespace DlSim.Cli.Commands;

/// <summary><c>dlsim models list | show | export</c>: what the catalog holds.</summary>
public static class ModelsCommands
{
    public static Command Build(CliContext context)
    {
        var command = new Command("models", "List, show and export the executables of the catalog (built-in plus --profiles).");
        command.Subcommands.Add(List(context));
        command.Subcommands.Add(Show(context));
        command.Subcommands.Add(Export(context));
        foreach (var extra in ModelsSubcommands.Extra) command.Subcommands.Add(extra(context));
        return command;
    }

    private static Command List(CliContext context)
    {
        var catalog = new ClusterOptions();
        var command = new Command("list", "One line per executable: model, stages, stage shapes, latency at batch 1, weights, largest batch.");
        catalog.AddTo(command, withCluster: false);
        command.SetAction(parse =>
        {
            var table = new TextTable("model", "executable", "stages", "shapes", "latency_ms", "weights_gb", "max_batch");
            foreach (var e in catalog.LoadCatalog(parse).Executables)
                table.Add(e.ModelName, e.Name, e.StageCount.ToString(CultureInfo.InvariantCulture),
                    string.Join(" ", e.Stages.Select(s => s.Shape.ToString())),
                    string.Join(" ", e.Stages.Select(s => ReportTables.Ms(s.LatencyS))),
                    Gb(e.WeightBytes), e.MaxBatchSize.ToString(CultureInfo.InvariantCulture));
            table.WriteTo(context.Out);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Show(CliContext context)
    {
        var name = new Argument<string>("NAME") { Description = "An executable name, or a model name (shows all its executables)." };
        var catalog = new ClusterOptions();
        var command = new Command("show", "Stage by stage: mesh shape, weights, and latency, spread and activation memory per batch size.");
        command.Arguments.Add(name);
        catalog.AddTo(command, withCluster: false);
        command.SetAction(parse =>
        {
            string wanted = parse.GetValue(name)!;
            var all = catalog.LoadCatalog(parse).Executables;
            var matches = all.Where(e => e.Name == wanted || e.ModelName == wanted).ToList();
            if (matches.Count == 0)
                throw new InputException("NAME", 0, $"expected an executable or model of the catalog ({string.Join(", ", all.Select(e => e.Name))}), found \"{wanted}\"");
            foreach (var e in matches)
            {
                context.Out.WriteLine($"{e.Name} (model {e.ModelName}, {e.StageCount} stage(s), weights {Gb(e.WeightBytes)} GB)");
                var table = new TextTable("stage", "mesh", "weights_gb", "batch", "latency_ms", "std_ms", "activation_mb");
                for (int s = 0; s < e.StageCount; s++)
                    foreach (var b in e.Stages[s].Batches)
                        table.Add(s.ToString(CultureInfo.InvariantCulture), e.Stages[s].Shape.ToString(), Gb(e.Stages[s].WeightBytes),
                            b.BatchSize.ToString(CultureInfo.InvariantCulture), ReportTables.Ms(b.LatencyS), ReportTables.Ms(b.LatencyStdS),
                            (b.ActivationBytes / 1048576.0).ToString("F1", CultureInfo.InvariantCulture));
                table.WriteTo(context.Out);
                context.Out.WriteLine();
            }
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Export(CliContext context)
    {
        var output = new Option<string>("--output", "-o") { Description = "Profile file to write (JSON).", Required = true }.IsOutputFile();
        var catalog = new ClusterOptions();
        var command = new Command("export", "Write the catalog (built-in plus --profiles) as a profile file, a starting point for your own.");
        command.Options.Add(output);
        catalog.AddTo(command, withCluster: false);
        command.SetAction(parse =>
        {
            string path = parse.GetValue(output)!;
            var executables = catalog.LoadCatalog(parse).Executables;
            ProfileJson.Write(executables, path);
            context.Out.WriteLine($"{path}: {executables.Count} executables");
            return ExitCodes.Ok;
        });
        return command;
    }

    public static string Gb(long bytes) => (bytes / (double)DlSim.Placement.MemoryCheck.BytesPerGb).ToString("F3", CultureInfo.InvariantCulture);
}

/// <summary>Further <c>models</c> subcommands (import, synth), one line each.</summary>
public static class ModelsSubcommands
{
    public static readonly IReadOnlyList<Func<CliContext, Command>> Extra = [ModelsImportCommands.Import, ModelsImportCommands.Synth];
}
