using System.CommandLine;
using DlSim.Formats;
using DlSim.Foundation;
using DlSim.Workloads.Operations;

namespace DlSim.Cli.Commands;

/// <summary><c>dlsim workload scale W --rate-factor F | --time-factor F [--seed S] -o OUT</c>: more or fewer requests, or the same ones faster or slower.</summary>
public static class WorkloadScaleCommand
{
    public static Command Build(CliContext context)
    {
        var file = new Argument<string>("FILE") { Description = "Workload file to scale." };
        var rate = new Option<double>("--rate-factor")
        {
            Description = "Mean copies of each request: below 1 each request is kept with this probability (seeded thinning); " +
                          "above 1 it is kept ⌊F⌋ times plus once more with probability F − ⌊F⌋, copies at the same instant. The header's rate is multiplied by F.",
            DefaultValueFactory = _ => 1,
        };
        var time = new Option<double>("--time-factor")
        {
            Description = "Multiply every arrival by F: 0.5 doubles the rate with the same requests and shape. Applied after --rate-factor.",
            DefaultValueFactory = _ => 1,
        };
        var seed = new Option<ulong>("--seed") { Description = "Seed of the --rate-factor draws; the same seed keeps the same requests.", DefaultValueFactory = _ => 0UL };
        var output = new Option<string>("--output", "-o") { Description = "Workload file to write.", Required = true }.IsOutputFile();

        var command = new Command("scale", "Change a workload's rate by thinning or copying requests (--rate-factor) or by scaling time (--time-factor); streamed.");
        command.Arguments.Add(file);
        foreach (var o in new Option[] { rate, time, seed, output }) command.Options.Add(o);
        command.SetAction(parse =>
        {
            if (!WorkloadOutput.Given(parse, rate) && !WorkloadOutput.Given(parse, time))
                throw new InputException("--rate-factor", 0, "expected --rate-factor F or --time-factor F (or both), found neither");
            var spec = new ScaleSpec { RateFactor = parse.GetValue(rate), TimeFactor = parse.GetValue(time), Seed = parse.GetValue(seed) };
            spec.Validate();
            var scaled = WorkloadOutput.Wrap(WorkloadFiles.OpenRead(parse.GetValue(file)!), spec.Apply);
            return WorkloadOutput.Write(scaled, parse.GetValue(output)!, context, "--rate-factor", "the scaled workload");
        });
        return command;
    }
}
