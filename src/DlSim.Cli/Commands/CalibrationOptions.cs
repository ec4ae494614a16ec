using System.CommandLine;
using DlSim.Analysis.Calibration;
using DlSim.Formats.Calibration;
using DlSim.Foundation;
using DlSim.Model;
using DlSim.Placement;

namespace DlSim.Cli.Commands;

/// <summary><c>--calibration FILE</c> (fitted stage timings instead of profile latencies and the seed's overhead) and its opt-in for foreign executables.</summary>
public sealed class CalibrationOptions
{
    public Option<string?> File { get; } = new("--calibration")
    {
        Description = "Calibration file (from 'dlsim calibrate'): fitted run times, busy gaps, idle delays and spreads replace the profile latencies and --overhead. " +
                      "Placed executables it has not fitted take its family figures (single_stage / multi_stage) with their profile latencies.",
    };

    public Option<bool> AllowUnused { get; } = new("--allow-unused-calibration")
    {
        Description = "Accept a calibration with figures for executables the placement does not use (e.g. fitted on other placements, as in leave-one-out); without it that is an error.",
    };

    public Option<string?> Handoff { get; } = new("--handoff")
    {
        Description = $"How a pipeline stage passes its output on, overriding the calibration file's choice: {EnumNames.List<PipelineHandoff>()}. " +
                      "blocking: only when the next stage's mesh is ready, holding its own mesh until then (as fitted from the reference traces); " +
                      "immediate: at its end, the next stage waiting in its mesh's queue (the seed's model). Needs --calibration.",
    };

    public void AddTo(Command command)
    {
        command.Options.Add(File);
        command.Options.Add(AllowUnused);
        command.Options.Add(Handoff);
    }

    public bool Requested(ParseResult parse) => parse.GetValue(File) is not null;

    /// <summary>The calibration applied to the deployment, or null without <c>--calibration</c>.</summary>
    /// <exception cref="InputException">Bad file, or figures for executables the placement does not use (unless allowed).</exception>
    public CalibratedTiming? Load(ParseResult parse, Deployment deployment, string placementName)
    {
        string? path = parse.GetValue(File);
        string? handoff = parse.GetValue(Handoff);
        if (path is null)
        {
            if (handoff is not null) throw new InputException("--handoff", 0, "expected --calibration FILE too (the hand-off is part of the fitted timing), found none");
            return null;
        }
        var calibration = CalibrationJson.Read(path);
        if (handoff is not null) calibration = calibration with { Handoff = EnumNames.Parse<PipelineHandoff>(handoff, "--handoff") };
        var unused = CalibratedTiming.NotPlaced(calibration, deployment);
        if (unused.Count > 0 && !parse.GetValue(AllowUnused))
        {
            var placed = deployment.Replicas.Select(r => r.Executable.Name).Distinct();
            throw new InputException(path, unused[0].Line,
                $"expected calibrations only for executables of {placementName} ({string.Join(", ", placed)}), found {string.Join(", ", unused.Select(u => u.Executable))} " +
                "(pass --allow-unused-calibration to use a calibration fitted on other placements)");
        }
        return CalibratedTiming.For(calibration, deployment);
    }

    /// <summary>"calibration FILE (fitted: A; family figures: B (multi_stage))" for the header line.</summary>
    public static string Describe(string path, CalibratedTiming timing)
    {
        var parts = new List<string>();
        if (timing.Fitted.Count > 0) parts.Add("fitted: " + string.Join(", ", timing.Fitted));
        if (timing.Borrowed.Count > 0) parts.Add("family figures: " + string.Join(", ", timing.Borrowed));
        parts.Add($"{EnumNames.Of(timing.Handoff)} hand-off");
        return $"calibration {path} ({string.Join("; ", parts)})";
    }
}
