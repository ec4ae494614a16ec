using System.CommandLine;

namespace DlSim.Cli.Commands;

/// <summary>The flag as the user typed it (<c>-n</c>, <c>--num-nodes</c> or <c>--num_nodes</c>), so an error names what is on their command line.</summary>
public static class FlagNames
{
    public static string Typed(this ParseResult parse, Option option) =>
        parse.GetResult(option)?.IdentifierToken?.Value ?? option.Name;
}
