using System.CommandLine;
using System.Globalization;
using DlSim.Formats;
using DlSim.Plots;

namespace DlSim.Cli.Commands;

/// <summary><c>dlsim workload plot</c>: requests per second per model over time and a histogram of inter-arrival gaps, as PNG or SVG.</summary>
public static class WorkloadPlotCommand
{
    public static Command Build(CliContext context)
    {
        var defaults = new WorkloadPlotOptions();
        var kinds = Enum.GetNames<PlotKind>().Select(k => k.ToLowerInvariant()).ToArray();
        var file = new Argument<string>("FILE") { Description = "Workload file: seed CSV, or Parquet (.parquet)." };
        var output = new Option<string>("--output", "-o") { Description = "Image to write: .png or .svg (written to a temporary file, then renamed).", Required = true }.IsOutputFile();
        var bin = new Option<double>("--bin")
        { Description = "Width in seconds of the time bins of the rate plot.", DefaultValueFactory = _ => defaults.BinS };
        var kind = new Option<string>("--kind")
        {
            Description = "rate: requests per second per model over time; gaps: histogram of inter-arrival gaps per model and overall (log scale); both: one above the other.",
            DefaultValueFactory = _ => defaults.Kind.ToString().ToLowerInvariant(),
        };
        kind.AcceptOnlyFromAmong(kinds);
        var font = new Option<string>("--font")
        { Description = $"TrueType font for the labels. Default: DejaVu Sans (Debian package {PlotFont.DebianPackage}).", DefaultValueFactory = _ => defaults.FontPath };

        var command = new Command("plot", "Plot a workload: requests per second per model over time, and a histogram of inter-arrival gaps.");
        command.Arguments.Add(file);
        foreach (var o in new Option[] { output, bin, kind, font }) command.Options.Add(o);
        command.SetAction(parse =>
        {
            string path = parse.GetValue(file)!, image = parse.GetValue(output)!;
            var options = defaults with
            {
                BinS = parse.GetValue(bin),
                Kind = Enum.Parse<PlotKind>(parse.GetValue(kind)!, ignoreCase: true),
                FontPath = parse.GetValue(font)!,
            };
            WorkloadPlot.FormatOf(image, "--output");
            PlotFont.Load(options.FontPath);
            TrafficBins bins;
            using (var source = WorkloadFiles.OpenRead(path)) bins = TrafficBins.Of(source, options.BinS);
            WorkloadPlot.Write(bins, options, image);
            context.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{image}: {options.Kind.ToString().ToLowerInvariant()} plot of \"{bins.Header.Name}\": {bins.Requests} requests, {bins.Header.ModelCount} models over {bins.SpanS} s ({bins.TimeBins} bins of {options.BinS} s)"));
            return ExitCodes.Ok;
        });
        return command;
    }
}
