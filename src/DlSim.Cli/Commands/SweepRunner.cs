using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using DlSim.Formats.Sweeps;
using DlSim.Foundation;
using DlSim.Sweeps;

namespace DlSim.Cli.Commands;

/// <summary>
/// Runs a sweep's cases in this process, several at once: each case is <c>simulate</c> with the case's arguments, its JSON
/// result written to the sweep folder as soon as it finishes. Every case is checked before any runs.
/// </summary>
public sealed class SweepRunner(CliContext context, string sweepFile, SweepSpec spec, IReadOnlyList<SweepCase> cases)
{
    /// <summary>Flags of simulate whose value is a file (and --closed-loop's @FILE form).</summary>
    public static readonly string[] PathFlags = ["-w", "--workload", "-p", "--placement", "--profiles", "--calibration"];

    private readonly string _folder = Path.GetDirectoryName(Path.GetFullPath(sweepFile)) ?? ".";

    /// <summary>
    /// The case's arguments with relative file paths made relative to the sweep file's folder, so a sweep and its inputs
    /// move together (the case id stays that of the arguments as written).
    /// </summary>
    public string[] Resolved(SweepCase c)
    {
        var args = c.Arguments.ToArray();
        for (int i = 0; i + 1 < args.Length; i++)
        {
            string v = args[i + 1];
            if (PathFlags.Contains(args[i]) && !Path.IsPathRooted(v)) args[i + 1] = Path.Combine(_folder, v);
            else if (args[i] is "--closed-loop" or "--closed_loop" && v.StartsWith('@') && !Path.IsPathRooted(v[1..])) args[i + 1] = "@" + Path.Combine(_folder, v[1..]);
        }
        return args;
    }

    /// <summary>
    /// Bad input at the sweep file's line when a case's arguments do not parse, or when a flag refuses a value: each axis
    /// value and each explicit case is checked once by a <c>simulate --check-only</c> of the first case using it, on
    /// <paramref name="jobs"/> cores.
    /// </summary>
    public void Check(int jobs = 1)
    {
        var errors = new InputErrorList(sweepFile);
        var root = context.Tree.Build(new CliContext(TextWriter.Null, TextWriter.Null, context.Tree));
        var simulate = root.Subcommands.First(c => c.Name == "simulate");
        var flags = simulate.Options.Where(o => !o.Hidden).SelectMany(o => o.Aliases.Append(o.Name)).ToHashSet();
        void CheckFlag(string flag, int line)
        {
            if (!flags.Contains(flag)) errors.Add(line, $"expected a flag of simulate (see dlsim simulate --help), found \"{flag}\"");
        }
        foreach (var s in spec.Base) CheckFlag(s.Flag, s.Line);
        foreach (var a in spec.Axes) CheckFlag(a.Flag, a.Line);
        foreach (var c in spec.Cases) foreach (var s in c) CheckFlag(s.Flag, s.Line);
        errors.ThrowIfAny();
        var checkedSettings = new HashSet<(string, string, bool)>();
        var parseProblems = new HashSet<string>();
        var toRun = new List<SweepCase>();
        foreach (var c in cases)
        {
            var parse = root.Parse(["simulate", .. c.Arguments]);
            if (parse.Errors.Count > 0)
            {
                string problem = string.Join("; ", parse.Errors.Select(e => e.Message));
                if (parseProblems.Add(problem)) errors.Add(c.Line, $"expected arguments simulate accepts for case {c.Index}, found: {problem}");
                continue;
            }
            // Check a case only when it brings a value not checked yet (every axis value and explicit case gets checked).
            bool fresh = false;
            foreach (var s in c.Varied) fresh |= checkedSettings.Add((s.Flag, s.Display, s.Absent));
            if (fresh || c.Index == 0) toRun.Add(c);
        }
        // The checks run on the sweep's cores (they read the inputs); their errors are reported in case order.
        var firstErrors = new string?[toRun.Count];
        Parallel.For(0, toRun.Count, new ParallelOptions { MaxDegreeOfParallelism = jobs }, i =>
        {
            var err = new StringWriter();
            int code = context.Tree.Run(["simulate", .. Resolved(toRun[i]), SimulateCommand.CheckOnlyFlag], TextWriter.Null, err);
            if (code != ExitCodes.Ok) firstErrors[i] = err.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault() ?? "an error";
        });
        for (int i = 0; i < toRun.Count; i++)
        {
            if (firstErrors[i] is not string first) continue;
            var c = toRun[i];
            int line = c.Line > 0 ? c.Line : 1;
            errors.Add(line, $"expected case {c.Index} ({string.Join(" ", c.Varied.Select(v => $"{v.Flag} {v.Display}"))}) to be a valid run, found: {first.Replace("dlsim: ", "")}");
        }
        errors.ThrowIfAny();
    }

    /// <summary>Runs the shard's unfinished cases with <paramref name="jobs"/> at once; returns the exit code.</summary>
    public int Run(SweepFolder folder, SweepShard shard, int jobs)
    {
        var mine = cases.Where(c => shard.Takes(c.Index)).ToList();
        var pending = mine.Where(c => !folder.Done(c)).ToList();
        context.Err.WriteLine($"sweep {spec.Name}: {cases.Count} cases, shard {shard}: {mine.Count}, {mine.Count - pending.Count} already done, {pending.Count} to run on {jobs} job(s)");
        var clock = Stopwatch.StartNew();
        long done = 0, requests = 0, runTicks = 0, writeTicks = 0;
        double lastReport = 0;
        var failures = new List<(SweepCase Case, int Code, string Error)>();
        var gate = new object();
        // One case at a time per worker (no chunking): cases are few and long, so chunks would leave a worker idle at the end.
        var oneByOne = System.Collections.Concurrent.Partitioner.Create(pending, System.Collections.Concurrent.EnumerablePartitionerOptions.NoBuffering);
        Parallel.ForEach(oneByOne, new ParallelOptions { MaxDegreeOfParallelism = jobs }, c =>
        {
            var stdout = new StringWriter();
            var stderr = new StringWriter();
            long t0 = Stopwatch.GetTimestamp();
            int code = context.Tree.Run(["simulate", .. Resolved(c), "--json"], stdout, stderr);
            long t1 = Stopwatch.GetTimestamp();
            lock (gate)
            {
                if (code != ExitCodes.Ok)
                {
                    failures.Add((c, code, stderr.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault() ?? "no message"));
                    return;
                }
            }
            string json = stdout.ToString();
            folder.WriteCase(c, json);
            using var doc = JsonDocument.Parse(json);
            long t2 = Stopwatch.GetTimestamp();
            lock (gate)
            {
                runTicks += t1 - t0;
                writeTicks += t2 - t1;
                done++;
                requests += doc.RootElement.GetProperty("requests").GetInt64();
                double t = clock.Elapsed.TotalSeconds;
                if (t - lastReport >= 1 || done == pending.Count)
                {
                    lastReport = t;
                    double left = done > 0 ? t / done * (pending.Count - done) : 0;
                    context.Err.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"sweep: {done}/{pending.Count} cases ({100.0 * done / Math.Max(1, pending.Count):F0} %), {requests / Math.Max(t, 1e-9) / 1e6:F2} M requests/s, {left:F0} s left"));
                }
            }
        });
        foreach (var (c, code, error) in failures.OrderBy(f => f.Case.Index).Take(InputErrorList.MaxReported))
            context.Err.WriteLine($"dlsim: {sweepFile}: case {c.Index} ({c.Id}) failed: {error.Replace("dlsim: ", "")}");
        if (failures.Count > 0) return failures.Any(f => f.Code == ExitCodes.BadInput) ? ExitCodes.BadInput : ExitCodes.InternalError;
        context.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"sweep {spec.Name}: shard {shard} finished, {pending.Count} cases run in {clock.Elapsed.TotalSeconds:F1} s, results in {folder.CasesPath}"));
        if (done > 0)
            context.Err.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"sweep: a case took {Stopwatch.GetElapsedTime(0, runTicks).TotalMilliseconds / done:F1} ms to run (simulate, inputs read) and {Stopwatch.GetElapsedTime(0, writeTicks).TotalMilliseconds / done:F2} ms to record ({100.0 * writeTicks / Math.Max(1, runTicks):F2} % of its run)"));
        return ExitCodes.Ok;
    }
}
