using System.CommandLine;
using System.Globalization;
using DlSim.Cli.Output;
using DlSim.Formats.Files;
using DlSim.Formats.Json;
using DlSim.Formats.LlmModels;
using DlSim.Formats.LlmProfiles;
using DlSim.Formats.LlmRoofline;
using DlSim.Foundation;
using DlSim.Llm;

namespace DlSim.Cli.Commands;

/// <summary><c>dlsim llm roofline fit|check</c>: fit the roofline model's efficiency factors to profiles, and measure its error on them.</summary>
public static class LlmRooflineCommands
{
    public static Command Build(CliContext context)
    {
        var roofline = new Command("roofline", "The roofline timing model for GPUs without profiles: fit its efficiency factors to measured profiles, or check its error against them (docs/llm-roofline.md).");
        roofline.Subcommands.Add(Fit(context));
        roofline.Subcommands.Add(Check(context));
        return roofline;
    }

    private sealed class Inputs
    {
        public Option<string> Model { get; } = new("--model") { Description = "The profiled model's Hugging Face config.json (its layers' shapes).", Required = true };
        public Option<string[]> Profiles { get; } = new("--profiles") { Description = "Profile folders, one per GPU (GPU/, GPU/MODEL/ or GPU/MODEL/tpN/). The GPU is the built-in one the folder path names, or the one a gpu.json in the GPU or model folder describes (as --gpu-spec).", Required = true, AllowMultipleArgumentsPerToken = true, Arity = ArgumentArity.OneOrMore };
        public Option<int> Tp { get; } = new("--tp") { Description = "Tensor-parallel degree of the profiles to use.", DefaultValueFactory = _ => 1 };

        public void AddTo(Command command)
        {
            foreach (var o in new Option[] { Model, Profiles, Tp }) command.Options.Add(o);
        }

        public IReadOnlyList<ProfiledGpu> Load(ParseResult parse)
        {
            var model = HfModelConfig.Read(parse.GetValue(Model)!);
            int tp = parse.GetValue(Tp);
            if (model.TensorParallelProblem(tp) is string problem) throw new InputException("--tp", 0, problem);
            return [.. parse.GetValue(Profiles)!.Select(dir =>
            {
                string folder = LayerProfileFolder.Resolve(dir, model.Name, tp);
                return new ProfiledGpu(GpuOf(folder), model, tp, LayerProfileFolder.Read(folder));
            })];
        }
    }

    /// <summary>The GPU a tpN folder was measured on: a gpu.json two or one levels up, else a built-in GPU named by a folder on its path.</summary>
    private static GpuSpec GpuOf(string tpFolder)
    {
        var model = Path.GetDirectoryName(Path.GetFullPath(tpFolder));
        var gpuFolder = model is null ? null : Path.GetDirectoryName(model);
        foreach (var dir in new[] { model, gpuFolder })
            if (dir is not null && File.Exists(Path.Combine(dir, "gpu.json"))) return GpuSpecFile.Read(Path.Combine(dir, "gpu.json"));
        for (var dir = new DirectoryInfo(Path.GetFullPath(tpFolder)); dir is not null; dir = dir.Parent)
            if (GpuSpec.Find(dir.Name) is GpuSpec known) return known;
        throw new InputException(tpFolder, 0, $"expected a profile under a built-in GPU's folder ({string.Join(", ", GpuSpec.Known.Select(g => g.Name))}) or a gpu.json beside it, found neither");
    }

    private static Command Fit(CliContext context)
    {
        var inputs = new Inputs();
        var output = new Option<string?>("--output", "-o") { Description = "Write the fitted factors (and their in-sample errors) as JSON to FILE, for --roofline-factors." }.IsOutputFile();
        var command = new Command("fit", "Fit the roofline efficiency factors to profiles (least squares on relative error, each operator group on its own, every GPU weighted alike) and print them with their in-sample errors.");
        inputs.AddTo(command);
        command.Options.Add(output);
        command.SetAction(parse =>
        {
            var profiles = inputs.Load(parse);
            var factors = RooflineFit.Fit(profiles);
            if (parse.GetValue(output) is string path)
                AtomicFile.Write(path, stream => JsonDocumentWriter.Write(stream, w =>
                {
                    w.WriteStartObject();
                    RooflineFactorsFile.WriteFactors(w, factors);
                    WriteErrorsJson(w, profiles, factors);
                    w.WriteEndObject();
                }));
            var o = context.Out;
            o.WriteLine($"roofline factors fitted on {string.Join(", ", profiles.Select(p => $"{p.Gpu.Name} {p.Model.Name} tp{p.TensorParallel}"))}");
            o.WriteLine();
            WriteFactors(o, factors);
            WriteErrors(o, profiles, factors, "in-sample error");
            if (parse.GetValue(output) is string written) o.WriteLine($"factors: {written}");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Check(CliContext context)
    {
        var inputs = new Inputs();
        var factorsFile = new Option<string?>("--roofline-factors") { Description = "The factors to check (JSON from `dlsim llm roofline fit -o`). Default: the built-in factors." };
        var json = new JsonOption();
        var command = new Command("check", "The roofline model's error against profiles: per operator group (each profile point) and per iteration kind (whole iterations at the attention grid's points, against the profile timing).");
        inputs.AddTo(command);
        command.Options.Add(factorsFile);
        command.Options.Add(json.Option);
        command.SetAction(parse =>
        {
            var profiles = inputs.Load(parse);
            var factors = parse.GetValue(factorsFile) is string path ? RooflineFactorsFile.Read(path) : RooflineFactors.Default;
            json.Write(parse, context, stream => JsonDocumentWriter.Write(stream, w =>
            {
                w.WriteStartObject();
                RooflineFactorsFile.WriteFactors(w, factors);
                WriteErrorsJson(w, profiles, factors);
                w.WriteEndObject();
            }));
            if (json.ToStdout(parse)) return ExitCodes.Ok;
            var o = context.Out;
            o.WriteLine($"roofline factors: {parse.GetValue(factorsFile) ?? "built-in"}");
            o.WriteLine();
            WriteFactors(o, factors);
            WriteErrors(o, profiles, factors, "error");
            if (json.Requested(parse)) o.WriteLine($"results: {parse.GetValue(json.Option)}");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static string Pct(double v) => double.IsFinite(v) ? v.ToString("+0.0%;-0.0%;0.0%", CultureInfo.InvariantCulture) : "-";
    private static string Abs(double v) => double.IsFinite(v) ? v.ToString("0.0%", CultureInfo.InvariantCulture) : "-";

    private static void WriteFactors(TextWriter o, RooflineFactors factors)
    {
        var table = new TextTable("factor", "value", "meaning");
        for (int i = 0; i < factors.Values.Count; i++)
            table.Add(RooflineFactors.Parameters[i].Name, factors[i].ToString("0.####", CultureInfo.InvariantCulture), RooflineFactors.Parameters[i].Meaning);
        table.WriteTo(o);
        o.WriteLine();
    }

    private static void WriteErrors(TextWriter o, IReadOnlyList<ProfiledGpu> profiles, RooflineFactors factors, string title)
    {
        foreach (var p in profiles)
        {
            o.WriteLine($"{title} on {p.Gpu.Name} (predicted / measured − 1):");
            var table = new TextTable("points of", "n", "mean |err|", "mean err", "p90 |err|", "max |err|");
            foreach (var r in RooflineErrors.ByOperatorGroup(p, factors).Concat(RooflineErrors.ByIterationKind(p, factors)))
                table.Add(r.Name, r.Points.ToString(CultureInfo.InvariantCulture), Abs(r.MeanAbs), Pct(r.Mean), Abs(r.P90Abs), Abs(r.MaxAbs));
            table.WriteTo(o);
            o.WriteLine();
        }
    }

    private static void WriteErrorsJson(System.Text.Json.Utf8JsonWriter w, IReadOnlyList<ProfiledGpu> profiles, RooflineFactors factors)
    {
        w.WriteStartArray("errors");
        foreach (var p in profiles)
        {
            w.WriteStartObject();
            w.WriteString("gpu", p.Gpu.Name);
            w.WriteString("profile", p.Profile.Source);
            RooflineFactorsFile.WriteErrors(w, "operator_groups", RooflineErrors.ByOperatorGroup(p, factors));
            RooflineFactorsFile.WriteErrors(w, "iterations", RooflineErrors.ByIterationKind(p, factors));
            w.WriteEndObject();
        }
        w.WriteEndArray();
    }
}
