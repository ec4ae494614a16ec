using BenchmarkDotNet.Running;

namespace DlSim.Benchmarks;

/// <summary>
/// Runs the suite: <c>dotnet run -c Release --project bench/DlSim.Benchmarks -- --job short --inProcess --filter '*'</c>.
/// Figures are quoted as ratios against each class's baseline, measured in the same process.
/// </summary>
public static class Program
{
    public static void Main(string[] args) => BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
}
