using System.CommandLine;
using DlSim.Formats;
using DlSim.Foundation;
using DlSim.Workloads;
using DlSim.Workloads.Operations;

namespace DlSim.Cli.Commands;

/// <summary><c>dlsim workload merge A B … -o OUT</c>: several workloads as one, in arrival order.</summary>
public static class WorkloadMergeCommand
{
    public static Command Build(CliContext context)
    {
        var files = new Argument<string[]>("FILES")
        {
            Description = "Workload files to merge, in order. Equal arrival times keep this order.",
            Arity = ArgumentArity.OneOrMore,
        };
        var modelIds = new Option<string>("--model-ids")
        {
            Description = "offset: each workload keeps its own models, workload k's ids following workload k−1's, SLOs concatenated; " +
                          "shared: all address the same models (same count and SLOs required) and their traffic adds up.",
            DefaultValueFactory = _ => EnumNames.Of(MergeModels.Offset),
        };
        var name = new Option<string?>("--name") { Description = "Name stored in the header. Default: the inputs' names joined by '+'." };
        var output = new Option<string>("--output", "-o") { Description = "Workload file to write.", Required = true }.IsOutputFile();

        var command = new Command("merge",
            "Merge workloads into one ascending stream (streamed). Header: rates summed, proportions weighted by rate, longest duration.");
        command.Arguments.Add(files);
        foreach (var o in new Option[] { modelIds, name, output }) command.Options.Add(o);
        command.SetAction(parse =>
        {
            var mode = EnumNames.Parse<MergeModels>(parse.GetValue(modelIds)!, "--model-ids");
            string? newName = parse.GetValue(name);
            if (newName is not null && (newName.Length == 0 || newName.IndexOfAny([',', '"', '\n', '\r']) >= 0))
                throw new InputException("--name", 0, $"expected a name without commas, quotes or newlines, found \"{newName}\"");
            var paths = parse.GetValue(files)!;
            var sources = OpenAll(paths);
            IRequestSource merged;
            try { merged = new MergedSource(sources, paths, mode); }
            catch
            {
                foreach (var s in sources) s.Dispose();
                throw;
            }
            if (newName is not null) merged = new RenamedSource(merged, newName);
            return WorkloadOutput.Write(merged, parse.GetValue(output)!, context, "FILES", "the merged workload");
        });
        return command;
    }

    /// <summary>Opens every file; on a failure closes those already open.</summary>
    public static IReadOnlyList<IRequestSource> OpenAll(IReadOnlyList<string> paths)
    {
        var sources = new List<IRequestSource>();
        try
        {
            foreach (string p in paths) sources.Add(WorkloadFiles.OpenRead(p));
            return sources;
        }
        catch
        {
            foreach (var s in sources) s.Dispose();
            throw;
        }
    }

    private sealed class RenamedSource(IRequestSource source, string name) : IRequestSource
    {
        public WorkloadHeader Header { get; } = source.Header with { Name = name };
        public int Read(Span<int> modelIds, Span<double> arrivalsS) => source.Read(modelIds, arrivalsS);
        public void Dispose() => source.Dispose();
    }
}
