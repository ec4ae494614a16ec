using System.CommandLine;
using System.CommandLine.Help;
using DlSim.Cli.Commands;
using DlSim.Formats.Files;
using DlSim.Foundation;

namespace DlSim.Cli;

/// <summary>
/// The <c>dlsim</c> command tree. Exit codes: 0 success, 2 bad input (one line per problem, no stack
/// trace), 1 internal failure. Tests call <see cref="Run"/> in-process with their own writers.
/// </summary>
public static class DlSimCli
{
    public const int Ok = ExitCodes.Ok;
    public const int InternalError = ExitCodes.InternalError;
    public const int BadInput = ExitCodes.BadInput;

    /// <summary>The tree as commands see it (<see cref="CliContext.Tree"/>).</summary>
    public static ICommandTree Tree { get; } = new CommandTree();

    private sealed class CommandTree : ICommandTree
    {
        public Command Build(CliContext context) => BuildRoot(context);
        public int Run(string[] args, TextWriter stdout, TextWriter stderr) => DlSimCli.Run(args, stdout, stderr);
    }

    /// <summary>The command's name in help and usage, whatever the file that runs it is called (DlSim.Cli.dll, the tool's shim, a test host).</summary>
    public const string CommandName = "dlsim";

    public static Command BuildRoot(CliContext context)
    {
        context = context.Within(Tree);
        // A plain command rather than RootCommand, whose name is the running file's (DlSim.Cli, or the test host's).
        var root = new Command(CommandName, "DLSIM: a discrete-event simulator of deep-learning inference serving on GPU clusters.")
        {
            new HelpOption(),
            new VersionOption(),
        };
        root.Subcommands.Add(SimulateCommand.Build(context));
        root.Subcommands.Add(WorkloadCommands.Build(context));
        foreach (var extra in CommandRegistry.Extra) root.Subcommands.Add(extra(context));
        return root;
    }

    public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
    {
        var context = new CliContext(stdout, stderr, Tree);
        var root = BuildRoot(context);
        // No response files: "@FILE" values belong to options such as --closed-loop.
        var parsed = root.Parse(args, new ParserConfiguration { ResponseFileTokenReplacer = null });
        bool helpAsked = args.Any(a => a is "-h" or "--help" or "-?");
        if (parsed.Errors.Count > 0 && !helpAsked)
        {
            // One line, like every other bad input (one mistake often yields several parser messages).
            // Our own checks (output paths) already name the flag; the parser's messages get a pointer to --help.
            var messages = parsed.Errors.Select(ParseErrorText.Describe).ToArray();
            string see = messages.All(m => m.StartsWith('-')) ? "" : " (see --help)";
            WriteError(stderr, string.Join("; ", messages) + see);
            return BadInput;
        }
        var config = new InvocationConfiguration { Output = stdout, Error = stderr, EnableDefaultExceptionHandler = false };
        try
        {
            return parsed.Invoke(config);
        }
        catch (InputException e)
        {
            foreach (var error in e.Errors) WriteError(stderr, error.ToString());
            return BadInput;
        }
        catch (OutputException e)
        {
            WriteError(stderr, e.Message);
            return InternalError;
        }
        catch (IOException e)
        {
            WriteError(stderr, $"cannot read or write a file: {e.Message}");
            return InternalError;
        }
        catch (Exception e)
        {
            WriteError(stderr, $"internal error: {e.GetType().Name}: {e.Message}");
            return InternalError;
        }
    }

    /// <summary>One line on stderr: control characters escaped, cut to <see cref="ErrorText.MaxLineLength"/> characters.</summary>
    private static void WriteError(TextWriter stderr, string message) =>
        stderr.WriteLine("dlsim: " + ErrorText.Clean(message, ErrorText.MaxLineLength));
}
