using System.CommandLine;
using System.Globalization;
using DlSim.Cli.Output;
using DlSim.Cluster;
using DlSim.Formats.PlacementSearch;
using DlSim.Formats.SeedPlacement;
using DlSim.Foundation;
using DlSim.Search;

namespace DlSim.Cli.Commands;

/// <summary><c>dlsim capacity</c>: the fewest GPUs, or the largest traffic, at which placement search reaches a target attainment.</summary>
public static class CapacityCommand
{
    public static Command Build(CliContext context)
    {
        var options = new PlaceOptions();
        var target = new Option<double>("--target")
        { Description = "Attainment to reach, in (0, 1]: requests within their SLO ÷ all requests.", DefaultValueFactory = _ => 0.99 };
        var maxGpus = new Option<int?>("--max-gpus")
        { Description = "Find the fewest GPUs (up to N) on which a placement reaches --target; the cluster grows in nodes of -d GPUs." };
        var wholeNodes = new Option<bool>("--whole-nodes") { Description = "With --max-gpus: try whole nodes only (multiples of -d GPUs)." };
        var maxRate = new Option<bool>("--max-rate")
        { Description = "Find the largest rate scale of the workload (arrival times ÷ scale) that the cluster (-n, -d, -c) serves at --target." };
        var output = new Option<string?>("--output", "-o") { Description = "Write the placement of the answer (seed placement JSON) to FILE." }.IsOutputFile();
        var json = new JsonOption();
        var plotDir = new Option<string?>("--plot") { Description = "Write capacity_curve (best attainment at each point measured) into folder DIR." }.IsOutputFolder();
        var plotFormat = new Option<string>("--plot-format") { Description = "Image format of --plot: png or svg.", DefaultValueFactory = _ => "png" };
        var command = new Command("capacity",
            "Capacity planning with placement search in the loop: the fewest GPUs (--max-gpus) on which the best placement found reaches --target " +
            "attainment, or the largest rate scale (--max-rate) the cluster serves at it. Prints the curve measured (table, JSON, plot).");
        options.AddTo(command);
        foreach (var o in new Option[] { target, maxGpus, wholeNodes, maxRate, output, json.Option, plotDir, plotFormat }) command.Options.Add(o);
        command.SetAction(parse =>
        {
            double goal = parse.GetValue(target);
            if (!(goal > 0 && goal <= 1))
                throw new InputException("--target", 0, $"expected an attainment in (0, 1], found {goal.ToString(CultureInfo.InvariantCulture)}");
            int? gpuLimit = parse.GetValue(maxGpus);
            bool rate = parse.GetValue(maxRate);
            if ((gpuLimit is null) == !rate)
                throw new InputException("--max-gpus", 0, "expected exactly one of --max-gpus N and --max-rate, found " + (rate ? "both" : "neither"));
            var imageKind = EnumNames.Parse<Plots.ImageKind>(parse.GetValue(plotFormat)!, "--plot-format");
            string? plots = parse.GetValue(plotDir);
            if (plots is not null) Plots.PlotFont.Load(Plots.PlotFont.DefaultPath);
            var (algorithm, settings, groupSize) = options.ReadSearch(parse, null);
            var cluster = options.Cluster.LoadCluster(parse);
            var workload = options.ReadWorkload(parse);
            int gpn = cluster.GpusPerNode;
            var setting = options.LoadSetting(parse, workload);
            void Measured(CapacityPoint p) => context.Err.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"capacity: {p.Gpus} GPUs, rate ×{p.RateScale:G6} → attainment {p.Attainment:P2} ({p.Result.Search.Evaluations:N0} evaluations, {p.Result.Search.WallS:F1} s)"));

            CapacityCurve curve;
            if (gpuLimit is int limit)
            {
                int step = parse.GetValue(wholeNodes) ? gpn : 1;
                if (limit < step || limit > Kernel.EventQueue<int>.MaxRank)
                    throw new InputException("--max-gpus", 0, $"expected {step} to {Kernel.EventQueue<int>.MaxRank} GPUs, found {limit}");
                if (step > 1 && limit % step != 0)
                    throw new InputException("--max-gpus", 0, $"expected a multiple of {step} GPUs with --whole-nodes, found {limit}");
                var full = new ClusterSpec((limit + gpn - 1) / gpn, gpn, cluster.MemoryGb);
                PlaceOptions.RequirePlaceable(setting.On(full, workload));
                curve = CapacityPlanner.FewestGpus(k => setting.On(new ClusterSpec((k + gpn - 1) / gpn, gpn, cluster.MemoryGb), workload, k),
                    step, limit, goal, algorithm, settings, Measured);
            }
            else
            {
                PlaceOptions.RequirePlaceable(setting.On(cluster, workload));
                curve = CapacityPlanner.LargestRate(w => setting.On(cluster, w), workload, goal, algorithm, settings, Measured);
            }

            string? placementPath = parse.GetValue(output);
            if (placementPath is not null && curve.Answer is { } answer) SeedPlacementJson.Write(answer.Result.Placement, placementPath);
            var plotted = plots is null ? [] : Plots.SearchPlots.WriteCapacity(curve, rate, plots, imageKind);
            json.Write(parse, context, stream => CapacityJson.Write(curve, rate, stream));
            if (json.ToStdout(parse)) return ExitCodes.Ok;
            CapacityTables.Write(curve, rate, context.Out);
            if (placementPath is not null && curve.Answer is not null) context.Out.WriteLine($"placement: {placementPath}");
            if (json.Requested(parse)) context.Out.WriteLine($"results: {parse.GetValue(json.Option)}");
            foreach (string p in plotted) context.Out.WriteLine($"plot: {p}");
            return ExitCodes.Ok;
        });
        return command;
    }
}
