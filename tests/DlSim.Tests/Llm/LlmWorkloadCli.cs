using System.CommandLine;
using DlSim.Cli;
using DlSim.Cli.Commands;
using DlSim.Formats.Files;
using DlSim.Foundation;

namespace DlSim.Tests.Llm;

/// <summary>
/// Runs <c>llm workload …</c> in-process under a parent <c>llm</c> command of its own, with the exit codes and
/// one-line errors of <see cref="DlSimCli.Run"/> (bad input 2, output failure 1).
/// </summary>
public static class LlmWorkloadCli
{
    public static (int Code, string Out, string Err) Run(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var context = new CliContext(stdout, stderr);
        var root = new Command("dlsim") { new Command("llm") { LlmWorkloadCommands.Build(context) } };
        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            stderr.WriteLine("dlsim: " + string.Join("; ", parsed.Errors.Select(e => e.Message)));
            return (DlSimCli.BadInput, stdout.ToString(), stderr.ToString());
        }
        int code;
        try { code = parsed.Invoke(new InvocationConfiguration { Output = stdout, Error = stderr, EnableDefaultExceptionHandler = false }); }
        catch (InputException e)
        {
            foreach (var error in e.Errors) stderr.WriteLine("dlsim: " + ErrorText.Clean(error.ToString(), ErrorText.MaxLineLength));
            code = DlSimCli.BadInput;
        }
        catch (OutputException e)
        {
            stderr.WriteLine("dlsim: " + e.Message);
            code = DlSimCli.InternalError;
        }
        return (code, stdout.ToString(), stderr.ToString());
    }
}

/// <summary>The LLM reference files (see the reference folder's llm/README.md).</summary>
public static class LlmReference
{
    public static string ShareGpt => Path.Combine(ReferenceData.Root, "llm", "workloads", "sharegpt-llama-3.1-8b-300-sps10.jsonl");
    public static string AzureConv => Path.Combine(ReferenceData.Root, "llm", "azure", "AzureLLMInferenceTrace_conv.csv");
    public static string AzureCode => Path.Combine(ReferenceData.Root, "llm", "azure", "AzureLLMInferenceTrace_code.csv");
}
