using System.CommandLine;
using System.Globalization;
using DlSim.Cli.Output;
using DlSim.Formats.PlacementSearch;
using DlSim.Formats.SeedPlacement;
using DlSim.Foundation;
using DlSim.Search;

namespace DlSim.Cli.Commands;

/// <summary><c>dlsim place</c>: search a placement of the workload's models on the cluster, scored by simulation.</summary>
public static class PlaceCommand
{
    public static Command Build(CliContext context)
    {
        var options = new PlaceOptions();
        var output = new Option<string?>("--output", "-o")
        { Description = "Write the placement found (seed placement JSON, read as is by simulate -p and placement check) to FILE." }.IsOutputFile();
        var json = new JsonOption();
        var searchLog = new Option<string?>("--search-log")
        { Description = "Write every scored candidate as CSV (time_s, evaluation, objective, candidate) to FILE." }.IsOutputFile();
        var plotDir = new Option<string?>("--plot")
        { Description = "Write search_progress (best objective against time and against evaluations) into folder DIR." }.IsOutputFolder();
        var plotFormat = new Option<string>("--plot-format") { Description = "Image format of --plot: png or svg.", DefaultValueFactory = _ => "png" };
        var htmlReport = new ReportOption();

        var command = new Command("place",
            "Search how to place the workload's models on the cluster: GPU groups, each group's pipeline × tensor configuration, and which models " +
            "each group serves, every candidate scored by simulating the workload. Prints the best placement's figures and groups; -o writes it.");
        options.AddTo(command);
        foreach (var o in new Option[] { output, json.Option, searchLog, plotDir, plotFormat, htmlReport.Option }) command.Options.Add(o);
        command.SetAction(parse =>
        {
            var imageKind = EnumNames.Parse<Plots.ImageKind>(parse.GetValue(plotFormat)!, "--plot-format");
            string? plots = parse.GetValue(plotDir);
            if (plots is not null) Plots.PlotFont.Load(Plots.PlotFont.DefaultPath);
            string? font = htmlReport.LoadFont(parse);
            var (algorithm, settings, groupSize) = options.ReadSearch(parse, Progress(context, "place"));
            var cluster = options.Cluster.LoadCluster(parse);
            var workload = options.ReadWorkload(parse);
            var problem = options.LoadSetting(parse, workload).On(cluster, workload);
            PlaceOptions.RequirePlaceable(problem);
            if (algorithm == PlacementAlgorithm.Exhaustive && ExhaustiveSearch.Count(problem, PlacementSearch.ExhaustiveLimit) > PlacementSearch.ExhaustiveLimit)
                throw new InputException("--algorithm", 0, $"expected a problem of at most {PlacementSearch.ExhaustiveLimit:N0} candidates for exhaustive, found more (use another algorithm)");
            settings = settings with { KeepLog = parse.GetValue(searchLog) is not null };

            var outcome = PlacementSearch.Run(problem, algorithm, settings, groupSize);
            EndProgress(context);
            var result = PlacementResult.Build(problem, algorithm, outcome);
            if (!result.Consistent)
                context.Err.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"dlsim: warning: the search scored the placement {result.SearchObjectiveValue:R}, the whole run {result.ObjectiveValue:R}; the whole run's figures are shown"));

            string? placementPath = parse.GetValue(output);
            if (placementPath is not null) SeedPlacementJson.Write(result.Placement, placementPath);
            if (parse.GetValue(searchLog) is string log) PlacementResultJson.WriteLog(outcome.Log, log);
            var plotted = plots is null ? [] : Plots.SearchPlots.WriteProgress(outcome.Improvements, EnumNames.Of(problem.Objective), plots, imageKind);
            json.Write(parse, context, stream => PlacementResultJson.Write(result, placementPath, stream));
            var c = problem.Cluster;
            string headline = string.Create(CultureInfo.InvariantCulture,
                $"place: {workload.Count} requests of {problem.ModelCount} models from {parse.GetValue(options.Workload)} on {c.Nodes} node(s) × {c.GpusPerNode} GPU(s) × {c.MemoryGb} GB");
            htmlReport.Write(parse, "dlsim place: placement search", headline, PlacementTables.Tables(result), PlacementTables.Headline(result),
                () => Plots.Reports.PlacementFigures.All(result, outcome.Improvements, EnumNames.Of(problem.Objective), font!));
            if (json.ToStdout(parse)) return ExitCodes.Ok;
            var w = context.Out;
            w.WriteLine(headline);
            PlacementTables.Write(result, w);
            if (placementPath is not null) w.WriteLine($"placement: {placementPath} (simulate it with --service-map {result.Map})");
            if (json.Requested(parse)) w.WriteLine($"results: {parse.GetValue(json.Option)}");
            if (parse.GetValue(searchLog) is string logPath) w.WriteLine($"search log: {logPath}");
            foreach (string p in plotted) w.WriteLine($"plot: {p}");
            if (htmlReport.Path(parse) is string reportPath) w.WriteLine($"report: {reportPath}");
            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>
    /// A live line on stderr: evaluations, best so far, evaluations per second — rewritten in place on a terminal, otherwise a
    /// line every <see cref="LogIntervalS"/> seconds (for logs).
    /// </summary>
    public static Action<SearchProgress> Progress(CliContext context, string label)
    {
        bool terminal = ReferenceEquals(context.Err, Console.Error) && !Console.IsErrorRedirected;
        double next = 0;
        return p =>
        {
            if (!terminal && p.ElapsedS < next) return;
            next = p.ElapsedS + LogIntervalS;
            string text = string.Create(CultureInfo.InvariantCulture,
                $"{label}: {p.Evaluations:N0} evaluations, best {p.BestObjective:F4}, {p.EvaluationsPerSecond:N0}/s, {p.ElapsedS:F1} s");
            if (terminal) context.Err.Write("\r" + text + "   ");
            else context.Err.WriteLine(text);
        };
    }

    public const double LogIntervalS = 5;

    public static void EndProgress(CliContext context)
    {
        if (ReferenceEquals(context.Err, Console.Error) && !Console.IsErrorRedirected) context.Err.WriteLine();
    }
}
