using DlSim.Foundation;
using DlSim.Model;
using DlSim.Placement;
using DlSim.Serving;
using DlSim.Workloads;

namespace DlSim.Analysis.Calibration;

/// <summary>
/// A <see cref="TimingCalibration"/> applied to the executables of one deployment. An executable the calibration fitted
/// takes its figures; any other takes its profile latencies with its family's gap, delay and spread
/// (<see cref="FamilyCalibration"/>), or keeps the seed's model when the calibration has no family figures.
/// Immutable: replications share one and draw their own levels with <see cref="WithLevels"/>.
/// </summary>
public sealed class CalibratedTiming : IStageTimingModel
{
    private readonly Dictionary<string, StageTiming[]> _timings;
    private readonly Dictionary<string, double[]> _levelSigmas;

    /// <summary>Placed executables with figures of their own, in placement order.</summary>
    public IReadOnlyList<string> Fitted { get; }
    /// <summary>Placed executables that borrow their family's figures, as "executable (family)".</summary>
    public IReadOnlyList<string> Borrowed { get; }
    public PipelineHandoff Handoff { get; }

    private CalibratedTiming(Dictionary<string, StageTiming[]> timings, Dictionary<string, double[]> levelSigmas,
        IReadOnlyList<string> fitted, IReadOnlyList<string> borrowed, PipelineHandoff handoff)
    {
        _timings = timings; _levelSigmas = levelSigmas; Fitted = fitted; Borrowed = borrowed; Handoff = handoff;
    }

    /// <exception cref="InputException">A fitted executable's stage count differs from its profile's.</exception>
    public static CalibratedTiming For(TimingCalibration calibration, Deployment deployment)
    {
        var timings = new Dictionary<string, StageTiming[]>();
        var levels = new Dictionary<string, double[]>();
        var fitted = new List<string>();
        var borrowed = new List<string>();
        var errors = new InputErrorList(calibration.File);
        bool blocking = calibration.Handoff == PipelineHandoff.Blocking;
        foreach (var replica in deployment.Replicas)
        {
            var executable = replica.Executable;
            if (timings.ContainsKey(executable.Name)) continue;
            var own = calibration.Find(executable.Name);
            if (own is not null)
            {
                if (own.Stages.Count != executable.StageCount)
                {
                    errors.Add(own.Line, $"expected {executable.StageCount} stage(s) for {executable.Name} as its profile has, found {own.Stages.Count}");
                    continue;
                }
                timings[executable.Name] = own.Stages.Select(s => FromStage(s, blocking)).ToArray();
                levels[executable.Name] = own.Stages.Select(s => s.LevelSigma).ToArray();
                fitted.Add(executable.Name);
                continue;
            }
            var family = calibration.FindFamily(ExecutableFamilies.Of(executable.StageCount)) ?? calibration.FindFamily(ExecutableFamilies.All);
            if (family is null) continue;
            timings[executable.Name] = FromFamily(executable, family, blocking);
            // Unseen: its run time is the profile's, known only as well as profiles match the executables that were fitted.
            double level = Math.Sqrt(family.LevelSigma * family.LevelSigma + calibration.ProfileBiasSigma * calibration.ProfileBiasSigma);
            levels[executable.Name] = Enumerable.Repeat(level, executable.StageCount).ToArray();
            borrowed.Add($"{executable.Name} ({family.Family})");
        }
        errors.ThrowIfAny();
        return new CalibratedTiming(timings, levels, fitted, borrowed, calibration.Handoff);
    }

    /// <summary>Executables the calibration has figures for that the deployment does not place (in file order).</summary>
    public static IReadOnlyList<ExecutableCalibration> NotPlaced(TimingCalibration calibration, Deployment deployment)
    {
        var placed = deployment.Replicas.Select(r => r.Executable.Name).ToHashSet();
        return calibration.Executables.Where(e => !placed.Contains(e.Executable)).ToArray();
    }

    public StageTiming? For(string executable, int stage) =>
        _timings.TryGetValue(executable, out var stages) && stage < stages.Length ? stages[stage] : null;

    /// <summary>
    /// The same timing with every stage's run times scaled by its own level, exp(level sigma × Z), Z standard normal
    /// drawn from <paramref name="seed"/> in executable-name order: one replication's slow drift.
    /// </summary>
    public CalibratedTiming WithLevels(ulong seed)
    {
        var rng = new DeterministicRng(seed);
        var scaled = new Dictionary<string, StageTiming[]>();
        foreach (string name in _timings.Keys.Order(StringComparer.Ordinal))
        {
            var stages = _timings[name];
            var sigmas = _levelSigmas[name];
            scaled[name] = new StageTiming[stages.Length];
            for (int s = 0; s < stages.Length; s++)
            {
                double level = Math.Exp(sigmas[s] * rng.NextStandardNormal());
                var t = stages[s];
                scaled[name][s] = t with { LatencyS = t.LatencyS * level, BusyLatencyS = t.BusyLatencyS * level };
            }
        }
        return new CalibratedTiming(scaled, _levelSigmas, Fitted, Borrowed, Handoff);
    }

    private static StageTiming FromStage(StageCalibration s, bool blocking) =>
        new(s.LatencyS, s.BusyGapS, s.IdleDelayS,
            new StageDistribution(s.LogSigma, s.StragglerProbability, s.StragglerFactor, s.PauseProbability, s.PauseDurationsS),
            s.BusyLatencyS, blocking, double.IsNaN(s.FreedGapS) ? null : s.FreedGapS);

    /// <summary>Profile latencies (a run time seen on another executable says little about this one); pooled overheads and spread.</summary>
    private static StageTiming[] FromFamily(Executable executable, FamilyCalibration family, bool blocking)
    {
        double gap = double.IsNaN(family.BusyGapS) ? DispatchOverhead.Seed.For(executable.StageCount) : family.BusyGapS;
        double delay = double.IsNaN(family.IdleDelayS) ? 0 : family.IdleDelayS;
        var spread = new StageDistribution(family.LogSigma, family.StragglerProbability, family.StragglerFactor);
        double later = double.IsNaN(family.LaterBusyGapS) ? gap : family.LaterBusyGapS;
        return executable.Stages.Select((stage, s) => new StageTiming(stage.LatencyS, s == 0 ? gap : later, delay, spread, BlockingHandoff: blocking)).ToArray();
    }
}
