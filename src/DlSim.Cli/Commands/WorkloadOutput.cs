using System.Globalization;
using DlSim.Formats;
using DlSim.Foundation;
using DlSim.Workloads;
using DlSim.Workloads.Operations;

namespace DlSim.Cli.Commands;

/// <summary>Writes a transformed workload and prints the one-line summary every workload command ends with.</summary>
public static class WorkloadOutput
{
    /// <summary>Streams the source to the file (temporary file, then rename). When it holds no request the
    /// file is not written and the problem is reported under <paramref name="emptyFlag"/>.</summary>
    public static int Write(IRequestSource source, string path, CliContext context, string emptyFlag, string emptyWhat)
    {
        using var tally = new TallySource(new NonEmpty(new ProgressSource(source, context.Progress("write")), emptyFlag, emptyWhat));
        WorkloadFiles.Write(tally, path);
        context.Out.WriteLine(Summary(path, tally));
        return ExitCodes.Ok;
    }

    /// <summary>Wraps an opened source; closes it when wrapping fails (a wrapper may read, and so throw, at once).</summary>
    public static IRequestSource Wrap(IRequestSource source, Func<IRequestSource, IRequestSource> wrap)
    {
        try { return wrap(source); }
        catch
        {
            source.Dispose();
            throw;
        }
    }

    /// <summary>True when the user gave the option (not only its default).</summary>
    public static bool Given(System.CommandLine.ParseResult parse, System.CommandLine.Option option) => parse.GetResult(option) is { Implicit: false };

    public static string Summary(string path, TallySource tally) => string.Create(CultureInfo.InvariantCulture,
        $"{path}: {tally.Requests} requests, {tally.Header.ModelCount} models, arrivals {tally.FirstArrivalS:0.######}–{tally.LastArrivalS:0.######} s");

    /// <summary>Throws at the end of a source that gave nothing, so the half-written file is removed.</summary>
    private sealed class NonEmpty(IRequestSource source, string flag, string what) : IRequestSource
    {
        private bool _any;

        public WorkloadHeader Header => source.Header;

        public int Read(Span<int> modelIds, Span<double> arrivalsS)
        {
            int n = source.Read(modelIds, arrivalsS);
            if (n > 0) _any = true;
            else if (!_any) throw new InputException(flag, 0, $"expected {what} to hold at least one request, found none");
            return n;
        }

        public void Dispose() => source.Dispose();
    }
}
