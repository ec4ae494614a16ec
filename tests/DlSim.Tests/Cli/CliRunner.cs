using DlSim.Cli;

namespace DlSim.Tests.Cli;

/// <summary>Runs <c>dlsim</c> in-process with captured output.</summary>
public static class CliRunner
{
    public static (int Code, string Out, string Err) Run(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int code = DlSimCli.Run(args, stdout, stderr);
        return (code, stdout.ToString(), stderr.ToString());
    }
}
