using System.CommandLine;
using DlSim.Foundation;

namespace DlSim.Cli.Commands;

/// <summary><c>--stochastic --replications R [--seed S]</c>: draw stage run times from a calibration's distributions, R times in parallel.</summary>
public sealed class StochasticOptions
{
    public const int DefaultReplications = 30;

    public Option<bool> Enabled { get; } = new("--stochastic")
    {
        Description = "Draw every stage's run time from the calibration's fitted distribution (log-normal spread, stragglers, a slow level per replication) " +
                      "and report each figure as the mean and 95 % band (2.5th–97.5th percentile) over replications. Needs --calibration.",
    };

    public Option<int> Replications { get; } = new("--replications")
    { Description = "Stochastic replications, run in parallel on all cores; at least 1.", DefaultValueFactory = _ => DefaultReplications };

    /// <summary>Added only where no --seed exists yet (simulate has one for closed-loop clients and routers, and shares it).</summary>
    public Option<ulong> Seed { get; } = new("--seed")
    { Description = "Seed of the stochastic replications (replication i uses the i-th number drawn from it).", DefaultValueFactory = _ => 0UL };

    /// <param name="withSeed">False when the command already has a --seed to share.</param>
    public void AddTo(Command command, bool withSeed)
    {
        command.Options.Add(Enabled);
        command.Options.Add(Replications);
        if (withSeed) command.Options.Add(Seed);
    }

    /// <summary>The replication count when <c>--stochastic</c> is given, else null.</summary>
    /// <exception cref="InputException">Fewer than one replication, or no calibration to draw from.</exception>
    public int? Read(ParseResult parse, bool hasCalibration)
    {
        if (!parse.GetValue(Enabled)) return null;
        int replications = parse.GetValue(Replications);
        if (replications < 1 || replications > Limits.MaxReplications)
            throw new InputException(parse.Typed(Replications), 0, $"expected from 1 to {Limits.MaxReplications} replications (the limit), found {replications}");
        if (!hasCalibration)
            throw new InputException("--stochastic", 0, "expected --calibration FILE too (the fitted distributions to draw run times from), found none");
        return replications;
    }
}
