using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using DlSim.Cli.Output;
using DlSim.Formats.Json;
using DlSim.Formats.SeedPlacement;
using DlSim.Foundation;
using DlSim.Placement;

namespace DlSim.Cli.Commands;

/// <summary><c>dlsim placement check</c>: does a placement fit the cluster's GPU memory?</summary>
public static class PlacementCommands
{
    public static Command Build(CliContext context)
    {
        var command = new Command("placement", "Inspect placements.");
        command.Subcommands.Add(Check(context));
        return command;
    }

    private static Command Check(CliContext context)
    {
        var file = new Argument<string>("PLACEMENT") { Description = "Placement file (seed JSON)." };
        var cluster = new ClusterOptions();
        var json = new JsonOption();
        var command = new Command("check",
            "Check a placement against the cluster: GPUs exist, mesh shapes match, and every GPU's memory holds the weights of its replica stages plus their largest activation. Exit 0 when it fits, 2 when not.");
        command.Arguments.Add(file);
        cluster.AddTo(command);
        command.Options.Add(json.Option);
        command.SetAction(parse =>
        {
            string path = parse.GetValue(file)!;
            var placement = SeedPlacementJson.Read(path);
            var deployment = Deployment.Resolve(cluster.LoadCluster(parse), cluster.LoadCatalog(parse), placement,
                new ServiceMap(new Dictionary<int, string>()), 0, path);
            var gpus = MemoryCheck.Check(deployment);
            json.Write(parse, context, stream => WriteJson(gpus, stream));
            if (!json.ToStdout(parse))
            {
                var table = new TextTable("gpu", "stages", "weights_gb", "activation_gb", "used_gb", "capacity_gb", "used", "fits");
                foreach (var g in gpus)
                    table.Add($"node {g.Node} / gpu {g.Gpu}", g.Stages.ToString(CultureInfo.InvariantCulture), ReportTables.Gb(g.WeightBytes), ReportTables.Gb(g.ActivationBytes),
                        ReportTables.Gb(g.UsedBytes), ReportTables.Gb(g.CapacityBytes), ReportTables.Percent((double)g.UsedBytes / g.CapacityBytes), g.Fits ? "yes" : "NO");
                table.WriteTo(context.Out);
            }
            var violations = gpus.Where(g => !g.Fits).ToList();
            foreach (var v in violations) context.Err.WriteLine($"dlsim: {new InputError(path, v.Line, MemoryCheck.Describe(v))}");
            return violations.Count == 0 ? ExitCodes.Ok : ExitCodes.BadInput;
        });
        return command;
    }


    private static void WriteJson(IReadOnlyList<GpuMemory> gpus, Stream stream)
    {
        JsonDocumentWriter.Write(stream, w =>
        {
            w.WriteStartObject();
            w.WriteBoolean("fits", gpus.All(g => g.Fits));
            w.WriteStartArray("gpus");
            foreach (var g in gpus)
            {
                w.WriteStartObject();
                w.WriteNumber("node", g.Node);
                w.WriteNumber("gpu", g.Gpu);
                w.WriteNumber("stages", g.Stages);
                w.WriteNumber("weight_bytes", g.WeightBytes);
                w.WriteNumber("activation_bytes", g.ActivationBytes);
                w.WriteNumber("used_bytes", g.UsedBytes);
                w.WriteNumber("capacity_bytes", g.CapacityBytes);
                w.WriteBoolean("fits", g.Fits);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        });
    }
}
