namespace DlSim.Cli.Commands;

/// <summary>Exit codes of every dlsim command.</summary>
public static class ExitCodes
{
    public const int Ok = 0;
    /// <summary>A failure of DLSIM or of the machine (a file that cannot be written).</summary>
    public const int InternalError = 1;
    /// <summary>Bad input: one line per problem on stderr, no stack trace.</summary>
    public const int BadInput = 2;
}
