using System.CommandLine;
using Xunit;
using DlSim.Cli;
using DlSim.Cli.Commands;

namespace DlSim.Tests.Cli;

/// <summary>Every command, option and argument of <c>dlsim</c> says what it is for in --help.</summary>
public class HelpTests
{
    private static IEnumerable<Command> All(Command command)
    {
        yield return command;
        foreach (var sub in command.Subcommands)
            foreach (var c in All(sub)) yield return c;
    }

    [Fact]
    public void Every_command_option_and_argument_has_a_description()
    {
        var root = DlSimCli.BuildRoot(new CliContext(new StringWriter(), new StringWriter()));
        var commands = All(root).ToList();
        Assert.True(commands.Count > 20);
        foreach (var c in commands)
        {
            Assert.False(string.IsNullOrWhiteSpace(c.Description), $"command {c.Name}");
            foreach (var o in c.Options) Assert.False(string.IsNullOrWhiteSpace(o.Description), $"{c.Name} {o.Name}");
            foreach (var a in c.Arguments) Assert.False(string.IsNullOrWhiteSpace(a.Description), $"{c.Name} {a.Name}");
        }
    }

    [Theory]
    [InlineData("simulate")]
    [InlineData("compare")]
    [InlineData("calibrate")]
    [InlineData("bench")]
    public void Help_prints_usage_and_exits_zero(string command)
    {
        var stdout = new StringWriter();
        Assert.Equal(0, DlSimCli.Run([command, "--help"], stdout, new StringWriter()));
        Assert.Contains("Usage:", stdout.ToString());
    }
}
