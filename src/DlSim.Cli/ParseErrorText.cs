using System.CommandLine.Parsing;
using System.Text.RegularExpressions;
using DlSim.Foundation;

namespace DlSim.Cli;

/// <summary>
/// The command-line parser's messages in this tool's words: "Cannot parse argument 'abc' for option
/// '--seed' as expected type 'System.UInt64'" becomes "--seed: expected a whole number from 0 to
/// 18446744073709551615, found "abc"", naming the flag as typed and no .NET type.
/// </summary>
public static partial class ParseErrorText
{
    public static string Describe(ParseError error)
    {
        var match = CannotParse().Match(error.Message);
        if (!match.Success) return error.Message;
        string flag = error.SymbolResult is OptionResult { IdentifierToken: { } token } ? token.Value : match.Groups["symbol"].Value;
        return $"{flag}: expected {Expected(match.Groups["type"].Value)}, found {ErrorText.Quote(match.Groups["value"].Value)}";
    }

    private static string Expected(string type) => type switch
    {
        "System.Int32" => "a whole number",
        "System.Int64" => "a whole number",
        "System.UInt64" => $"a whole number from 0 to {ulong.MaxValue}",
        "System.Double" => "a number",
        "System.Boolean" => "true or false",
        _ when type.StartsWith("System.Nullable`1[", StringComparison.Ordinal) => Expected(type["System.Nullable`1[".Length..^1]),
        _ => "a valid value",
    };

    [GeneratedRegex(@"^Cannot parse argument '(?<value>.*)' for (option|command|argument) '(?<symbol>[^']*)' as expected type '(?<type>[^']*)'\.?$", RegexOptions.Singleline)]
    private static partial Regex CannotParse();
}
