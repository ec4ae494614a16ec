using System.CommandLine;
using DlSim.Formats;
using DlSim.Formats.Files;
using DlSim.Formats.Sweeps;
using DlSim.Foundation;
using DlSim.Sweeps;

namespace DlSim.Cli.Commands;

/// <summary><c>dlsim sweep run|merge</c>: many simulations from one sweep file, sharded, resumable, merged into one table.</summary>
public static class SweepCommands
{
    public static Command Build(CliContext context)
    {
        var command = new Command("sweep", "Run a sweep of simulate cases (a base scenario and axes of flag values) on all cores or as shards of an array job, and merge the results.");
        command.Subcommands.Add(Run(context));
        command.Subcommands.Add(Merge(context));
        command.Subcommands.Add(Plot(context));
        command.Subcommands.Add(Job(context, "slurm", "Write a Slurm job-array script: one task per shard, the first also submitting the merge as a job that waits for the array (sbatch FILE)."));
        command.Subcommands.Add(Job(context, "k8s", "Write a Kubernetes Indexed Job manifest (completions = parallelism = --tasks), the sweep and its folder on a volume mounted at /data (kubectl apply -f FILE)."));
        return command;
    }

    private static Command Plot(CliContext context)
    {
        var folders = new Argument<string[]>("DIR") { Description = "Sweep folders (cases missing from them are left out).", Arity = ArgumentArity.OneOrMore };
        var x = new Option<string>("--x") { Description = "Swept flag on the x axis (e.g. --closed-loop, or a column such as routing).", Required = true };
        var series = new Option<string?>("--series") { Description = "Swept flag with one line per value (default: one line)." };
        var output = new Option<string?>("--output", "-o") { Description = "Folder for sweep.png (or .svg); needed unless --report is given." }.IsOutputFolder();
        var format = new Option<string>("--plot-format") { Description = "png or svg.", DefaultValueFactory = _ => "png" };
        var htmlReport = new ReportOption();
        var command = new Command("plot", "Plot attainment, goodput and p50/p99 latency (overall) against one swept flag, one line per value of another; cases differing only in other flags are averaged.");
        command.Arguments.Add(folders);
        foreach (var o in new Option[] { x, series, output, format, htmlReport.Option }) command.Options.Add(o);
        command.SetAction(parse =>
        {
            var kind = EnumNames.Parse<Plots.ImageKind>(parse.GetValue(format)!, "--plot-format");
            string? dir = parse.GetValue(output);
            if (dir is null && htmlReport.Path(parse) is null)
                throw new InputException("sweep plot", 0, "expected --output DIR or --report FILE, found neither");
            string font = Plots.PlotFont.Load(Plots.PlotFont.DefaultPath);
            var table = SweepTable.Merge(parse.GetValue(folders)!, partial: true);
            string xColumn = parse.GetValue(x)!;
            if (dir is not null) context.Out.WriteLine($"plot: {Plots.SweepPlots.Write(table, xColumn, parse.GetValue(series), dir, kind)}");
            var (cases, notes) = Output.SweepTables.Cases(table);
            string folderList = string.Join(", ", parse.GetValue(folders)!);
            htmlReport.Write(parse, "dlsim sweep: " + folderList, $"{table.Rows.Count} cases from {folderList}, plotted against {xColumn}", [("Cases", cases)], notes,
                () => Plots.Reports.SweepFigures.All(table, xColumn, parse.GetValue(series), font));
            if (htmlReport.Path(parse) is string reportPath) context.Out.WriteLine($"report: {reportPath}");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Job(CliContext context, string engine, string description)
    {
        bool k8s = engine == "k8s";
        var file = new Argument<string>("SWEEP") { Description = "Sweep file (JSON), as the job will see it (relative to its working folder)." };
        var tasks = new Option<int>("--tasks") { Description = "Array tasks (shards).", Required = true };
        var output = new Option<string>("--output", "-o") { Description = k8s ? "Manifest to write (YAML)." : "Job script to write.", Required = true }.IsOutputFile();
        var dir = new Option<string>("--sweep-dir") { Description = "Sweep folder the tasks write (relative to the job's working folder).", DefaultValueFactory = _ => "sweep-out" };
        var cpus = new Option<int>("--cpus-per-task") { Description = "Cores each task uses (its --jobs).", DefaultValueFactory = _ => 1 };
        var dlsim = new Option<string>("--dlsim") { Description = "Command that runs dlsim on the compute nodes.", DefaultValueFactory = _ => "dlsim" };
        var image = new Option<string>("--image") { Description = "Container image with dlsim as its entry point (see the Dockerfile).", Required = k8s };
        var claim = new Option<string>("--volume-claim") { Description = "PersistentVolumeClaim holding the sweep, its inputs and its folder.", DefaultValueFactory = _ => "dlsim-sweep" };
        var command = new Command(engine, description);
        command.Arguments.Add(file);
        foreach (var o in k8s ? new Option[] { tasks, output, dir, cpus, image, claim } : [tasks, output, dir, cpus, dlsim]) command.Options.Add(o);
        command.SetAction(parse =>
        {
            int n = parse.GetValue(tasks), c = parse.GetValue(cpus);
            if (n < 1 || n > 100_000) throw new InputException("--tasks", 0, $"expected 1 to 100000 tasks, found {n}");
            if (c < 1 || c > 1024) throw new InputException("--cpus-per-task", 0, $"expected 1 to 1024 cores, found {c}");
            string sweep = parse.GetValue(file)!;
            var spec = SweepFile.Read(sweep);
            string text = k8s
                ? SweepJobs.KubernetesIndexedJob(spec.Name, sweep, parse.GetValue(dir)!, n, c, parse.GetValue(image)!, parse.GetValue(claim)!)
                : SweepJobs.SlurmArray(spec.Name, sweep, parse.GetValue(dir)!, n, c, parse.GetValue(dlsim)!);
            string path = parse.GetValue(output)!;
            AtomicFile.WriteText(path, text);
            context.Out.WriteLine($"{path}: {spec.Expand().Count} cases in {n} {(k8s ? "indexed pods" : "array tasks")} of sweep {spec.Name}");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Run(CliContext context)
    {
        var file = new Argument<string>("SWEEP") { Description = "Sweep file (JSON): {\"name\", \"base\": {FLAG: VALUE}, \"axes\": [{\"flag\", \"values\"}], \"cases\": [{FLAG: VALUE}]}." };
        var output = new Option<string>("--output", "-o") { Description = "Sweep folder: sweep.json and cases/ID.json, one per finished case. Rerun to resume.", Required = true }.IsOutputFolder();
        var jobs = new Option<int>("--jobs") { Description = "Cases run at once (default: all cores).", DefaultValueFactory = _ => Environment.ProcessorCount };
        var shard = new Option<string?>("--shard") { Description = "Run only the cases whose index ≡ I (mod N), as I/N. Default: from SLURM_ARRAY_TASK_ID/SLURM_ARRAY_TASK_COUNT, or JOB_COMPLETION_INDEX with --shards, else every case." };
        var shards = new Option<int?>("--shards") { Description = "Shard count N when the shard index comes from JOB_COMPLETION_INDEX (a Kubernetes Indexed Job)." };
        var command = new Command("run", "Run a sweep's cases (those of one shard), skipping cases already in the folder; every case is checked before any runs.");
        command.Arguments.Add(file);
        foreach (var o in new Option[] { output, jobs, shard, shards }) command.Options.Add(o);
        command.SetAction(parse =>
        {
            int jobCount = parse.GetValue(jobs);
            if (jobCount < 1 || jobCount > 1024) throw new InputException("--jobs", 0, $"expected 1 to 1024 jobs, found {jobCount}");
            var chosen = parse.GetValue(shard) is string s ? SweepShard.Parse(s, "--shard")
                : SweepShard.FromEnvironment(Environment.GetEnvironmentVariable, parse.GetValue(shards)) ?? SweepShard.All;
            string path = parse.GetValue(file)!;
            var spec = SweepFile.Read(path);
            var cases = spec.Expand();
            var runner = new SweepRunner(context, path, spec, cases);
            runner.Check(jobCount);
            var folder = SweepFolder.Open(parse.GetValue(output)!, spec, cases);
            return runner.Run(folder, chosen, jobCount);
        });
        return command;
    }

    private static Command Merge(CliContext context)
    {
        var folders = new Argument<string[]>("DIR") { Description = "Sweep folders (one per shard, or one shared).", Arity = ArgumentArity.OneOrMore };
        var output = new Option<string>("--output", "-o") { Description = "Results table, one row per case in index order: Parquet for a .parquet name, CSV otherwise.", Required = true }.IsOutputFile();
        var partial = new Option<bool>("--partial") { Description = "Merge the cases that are there, leaving missing ones out (default: refuse when any is missing)." };
        var command = new Command("merge", "Merge sweep folders into one table: a row per case (its swept values and every figure of simulate's JSON), byte-identical whatever shards or jobs ran it.");
        command.Arguments.Add(folders);
        command.Options.Add(output);
        command.Options.Add(partial);
        command.SetAction(parse =>
        {
            var table = SweepTable.Merge(parse.GetValue(folders)!, parse.GetValue(partial));
            string path = parse.GetValue(output)!;
            if (WorkloadFiles.IsParquetName(path)) AtomicFile.Write(path, stream => SweepTableParquet.Write(table, stream));
            else AtomicFile.Write(path, table.WriteCsv);
            context.Out.WriteLine($"{path}: {table.Rows.Count} cases, {table.Columns.Count} columns");
            return ExitCodes.Ok;
        });
        return command;
    }
}
