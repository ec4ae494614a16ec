using System.CommandLine;
using System.Globalization;
using DlSim.Cli.Output;
using DlSim.Foundation;
using DlSim.Formats.ChromeTrace;
using DlSim.Llm;
using DlSim.Plots;

namespace DlSim.Cli.Commands;

/// <summary><c>llm simulate</c> and <c>llm compare</c>'s files besides JSON: a Chrome/Perfetto trace, a plot and an HTML report.</summary>
public sealed class LlmOutputOptions
{
    public Option<string?> TraceOut { get; } = new Option<string?>("--trace-out")
    {
        Description = "Write a Chrome/Perfetto trace to FILE (.json): one process per replica with a slice per engine iteration " +
                      "(prefill tokens, decode sequences, KV blocks used, preemptions in its args), counters of running and waiting " +
                      "requests and KV blocks used, and an async track per request (see --trace-requests). See docs/llm.md.",
    }.IsOutputFile();

    public Option<int> TraceRequests { get; } = new("--trace-requests")
    {
        Description = "How many requests (the first by arrival) get an async track in --trace-out: arrival to first token to last token; 0 for none.",
        DefaultValueFactory = _ => LlmTraceRecorder.DefaultRequestSlices,
    };

    public Option<string?> Plot { get; } = new Option<string?>("--plot")
    {
        Description = "Write a figure to FILE.png or FILE.svg: TTFT and TPOT CDFs, running and waiting requests over time, KV cache use over time " +
                      "(with llm compare: simulated and real in each panel).",
    }.IsOutputFile();

    public ReportOption Report { get; } = new();

    public void AddTo(Command command)
    {
        command.Options.Add(TraceOut);
        command.Options.Add(TraceRequests);
        command.Options.Add(Plot);
        command.Options.Add(Report.Option);
    }

    /// <summary>Checks the flags and loads the plot font before any work; opens the trace when one is asked for.</summary>
    /// <param name="replicaNames">The trace's process names, per replica id (see <see cref="ReplicaNames"/>).</param>
    /// <param name="json">The command's --json, so that no two of its outputs share a path.</param>
    public LlmOutputs Begin(ParseResult parse, Func<IReadOnlyList<string>> replicaNames, JsonOption? json = null)
    {
        CheckDistinct(parse, json);
        int requests = parse.GetValue(TraceRequests);
        if (requests < 0) throw new InputException("--trace-requests", 0, $"expected a whole number ≥ 0, found {requests}");
        string? plot = parse.GetValue(Plot);
        if (plot is not null && LlmPlots.KindOf(plot) is null)
            throw new InputException("--plot", 0, $"expected a file name ending in .png or .svg, found \"{plot}\"");
        string? font = plot is not null || Report.Path(parse) is not null ? PlotFont.Load(PlotFont.DefaultPath) : null;
        string? trace = parse.GetValue(TraceOut);
        return new LlmOutputs(this, parse, trace is null ? null : new LlmTraceRecorder(trace, replicaNames()), requests, font);
    }

    /// <summary>Refuses two outputs of one run at the same path: the one written last would silently replace the other.</summary>
    private void CheckDistinct(ParseResult parse, JsonOption? json)
    {
        string? jsonPath = json is not null && !json.ToStdout(parse) ? parse.GetValue(json.Option) : null;
        var seen = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (flag, path) in new[] { ("--json", jsonPath), ("--trace-out", parse.GetValue(TraceOut)), ("--plot", parse.GetValue(Plot)), ("--report", Report.Path(parse)) })
        {
            if (string.IsNullOrEmpty(path)) continue;
            string full = Path.GetFullPath(path);
            if (seen.TryGetValue(full, out string? first))
                throw new InputException(flag, 0, $"expected a file other than {first}'s, found the same path {ErrorText.Quote(path)}");
            seen[full] = flag;
        }
    }

    /// <summary>Process names of the trace: replica r of a colocated deployment holds GPUs r·g … r·g + g − 1 (g = tp × pp
    /// GPUs per replica); a disaggregated one has its prefill replicas first, then its decode replicas.</summary>
    public static IReadOnlyList<string> ReplicaNames(LlmDeployment deployment, LlmDisaggregation? split)
    {
        int g = deployment.GpusPerReplica, prefill = deployment.Replicas, all = prefill + (split?.DecodeReplicas ?? 0);
        var names = new string[all];
        for (int r = 0; r < all; r++)
        {
            string gpus = g == 1 ? $"GPU {r}" : $"GPUs {r * g}–{r * g + g - 1}";
            string role = split is null ? $"replica {r}" : r < prefill ? $"prefill replica {r}" : $"decode replica {r - prefill}";
            names[r] = $"{role} ({gpus}, {LlmEngineOptions.Parallelism(deployment)})";
        }
        return names;
    }
}

/// <summary>The outputs of one run being made: the trace recorder (fed by the simulation) and, at the end, the files.</summary>
public sealed class LlmOutputs(LlmOutputOptions options, ParseResult parse, LlmTraceRecorder? trace, int traceRequests, string? font) : IDisposable
{
    /// <summary>The simulation's iteration observer: null when no trace is written, so a run without one records nothing.</summary>
    public Action<LlmIterationRecord>? Observe => trace is null ? null : trace.Record;

    /// <summary>Commits the trace and writes the plot and report that were asked for; returns one "kind: path" line per file.</summary>
    public IReadOnlyList<string> Write(LlmRunResult run, IReadOnlyList<LlmTransferRecord>? transfers, IReadOnlyList<LlmPlotSeries> series,
        string title, string summary, IEnumerable<(string Caption, TextTable Table)> tables, IReadOnlyList<string> notes)
    {
        var written = new List<string>();
        if (trace is not null)
        {
            trace.Finish(run, transfers, traceRequests);
            written.Add(string.Create(CultureInfo.InvariantCulture,
                $"trace: {parse.GetValue(options.TraceOut)} ({trace.Iterations} iterations, {Math.Min(traceRequests, run.Requests.Count)} requests as async tracks)"));
        }
        if (parse.GetValue(options.Plot) is string plot)
        {
            LlmPlots.Write(plot, series, font!);
            written.Add($"plot: {plot}");
        }
        if (options.Report.Path(parse) is string report)
        {
            options.Report.Write(parse, title, summary, tables, notes, () => Plots.Reports.LlmFigures.All(series, font!));
            written.Add($"report: {report}");
        }
        return written;
    }

    public void Dispose() => trace?.Dispose();
}
