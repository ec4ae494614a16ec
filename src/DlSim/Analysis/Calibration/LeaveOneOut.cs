using DlSim.Runs;
using DlSim.Serving;

namespace DlSim.Analysis.Calibration;

/// <summary>One held-out trace: the calibrated run (fitted on the other traces) and the seed's model against it.</summary>
/// <param name="Borrowed">Executables of the held-out placement the other traces never ran, as "executable (family)": they run at
/// their profile latencies with their family's figures.</param>
public sealed record HeldOutComparison(string Trace, ComparisonReport Calibrated, ComparisonReport Seed, IReadOnlyList<string> Borrowed);

/// <summary>
/// Leave-one-out validation of calibration: for each trace, fit on all the others, simulate the held-out trace's workload on
/// its placement with that fit, and compare with the real trace, beside the seed's model on the same inputs. It answers how
/// well a calibration predicts a run it has not seen.
/// </summary>
public static class LeaveOneOut
{
    /// <exception cref="ArgumentException">Fewer than two sources (nothing to fit on).</exception>
    public static IReadOnlyList<HeldOutComparison> Run(IReadOnlyList<CalibrationSource> sources, DispatchOverhead seedOverhead)
    {
        if (sources.Count < 2) throw new ArgumentException("leave-one-out needs at least two traces", nameof(sources));
        var results = new List<HeldOutComparison>();
        for (int held = 0; held < sources.Count; held++)
        {
            var source = sources[held];
            var others = sources.Where((_, i) => i != held).ToArray();
            var timing = CalibratedTiming.For(CalibrationFitter.Fit(others), source.Deployment);
            results.Add(new HeldOutComparison(source.Trace.File, Compare(source, new SimulationOptions { Timing = timing }),
                Compare(source, new SimulationOptions { Overhead = seedOverhead }), timing.Borrowed));
        }
        return results;
    }

    private static ComparisonReport Compare(CalibrationSource source, SimulationOptions options)
    {
        var simulated = Simulation.Run(source.Deployment, source.Workload, options with { RecordStageTimes = true }).StageTimes!;
        return TraceComparison.Compare(source.Workload, simulated, source.Trace, worst: 0);
    }
}
