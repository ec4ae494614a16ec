using DlSim.Runs;
using System.Runtime.InteropServices;

namespace DlSim.Bench;

/// <summary>What a benchmark ran on, so its figures say where they come from.</summary>
/// <param name="Cpu">The processor's model name as the OS reports it, or "unknown".</param>
public sealed record BenchMachine(string Cpu, int LogicalCores, string Os, string Runtime)
{
    public static BenchMachine Current() =>
        new(CpuName(), Environment.ProcessorCount, RuntimeInformation.OSDescription, RuntimeInformation.FrameworkDescription);

    public override string ToString() => $"{Cpu}, {LogicalCores} logical cores, {Os}, {Runtime}";

    /// <summary>The first "model name" of /proc/cpuinfo on Linux; elsewhere the architecture.</summary>
    private static string CpuName()
    {
        try
        {
            if (File.Exists("/proc/cpuinfo"))
                foreach (string line in File.ReadLines("/proc/cpuinfo"))
                    if (line.StartsWith("model name", StringComparison.Ordinal) && line.IndexOf(':') is int colon and > 0)
                        return line[(colon + 1)..].Trim();
        }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
        return RuntimeInformation.ProcessArchitecture.ToString();
    }
}
