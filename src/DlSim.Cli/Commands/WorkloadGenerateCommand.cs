using System.CommandLine;
using System.Globalization;
using DlSim.Formats;
using DlSim.Foundation;
using DlSim.Workloads;
using DlSim.Workloads.Traffic;

namespace DlSim.Cli.Commands;

/// <summary><c>dlsim workload generate</c>: an open-loop workload from an arrival process, streamed to a seed CSV.</summary>
public static class WorkloadGenerateCommand
{
    public static Command Build(CliContext context)
    {
        var options = new WorkloadGenerateOptions();
        var command = new Command("generate",
            "Generate an open-loop workload: an arrival process (Poisson by default) per model at a total rate (constant or a schedule) " +
            "split over models by proportions, explicit rates or a spread. Poisson draws one stream and each request's model by the shares, " +
            "as the original tool did; other processes superpose independent per-model streams. Requests are written as they are drawn.");
        foreach (var o in options.All) command.Options.Add(o);
        command.SetAction(parse =>
        {
            var spec = options.ToSpec(parse);
            string path = parse.GetValue(options.Output)!;
            using var source = new CountingSource(new ProgressSource(new GeneratedRequestSource(spec, forFile: true), context.Progress("generate")));
            WorkloadFiles.Write(source, path);
            var h = source.Header;
            string rate = spec.Schedule is { IsConstant: false } s ? $"schedule {s}" : string.Create(CultureInfo.InvariantCulture, $"{h.TotalRateHz} Hz");
            string length = double.IsFinite(spec.DurationS) ? string.Create(CultureInfo.InvariantCulture, $"{spec.DurationS} s")
                : string.Create(CultureInfo.InvariantCulture, $"{spec.MaxRequests} requests (duration {PythonFloat.Format(h.DurationS)} s in the header)");
            context.Out.WriteLine($"{path}: {source.Count} requests, {h.ModelCount} models, {spec.Process}, {rate} for {length} (seed {spec.Seed})");
            return ExitCodes.Ok;
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

    /// <summary>Counts the requests read through it.</summary>
    private sealed class CountingSource(IRequestSource inner) : IRequestSource
    {
        public long Count { get; private set; }
        public WorkloadHeader Header => inner.Header;

        public int Read(Span<int> modelIds, Span<double> arrivalsS)
        {
            int n = inner.Read(modelIds, arrivalsS);
            Count += n;
            return n;
        }

        public void Dispose() => inner.Dispose();
    }
}
