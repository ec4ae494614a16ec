using System.Security.Cryptography;
using Xunit;
using DlSim.Cli;
using DlSim.Formats;
using DlSim.Foundation;
using DlSim.Workloads;

namespace DlSim.Tests.Cli;

/// <summary><c>dlsim workload generate</c>: every process and traffic flag, the seed's files unchanged, the help.</summary>
public class WorkloadGenerateCommandTests
{
    private static (int Code, string Out, string Err) Cli(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int code = DlSimCli.Run(args, stdout, stderr);
        return (code, stdout.ToString(), stderr.ToString());
    }

    private static Workload GenerateAndRead(TempDir dir, params string[] args)
    {
        string path = dir.File("w.csv");
        var (code, stdout, stderr) = Cli(["workload", "generate", .. args, "-o", path]);
        Assert.True(code == 0, stderr);
        Assert.StartsWith(path + ": ", stdout);
        return WorkloadFiles.ReadAll(path);
    }

    [Theory]
    // SHA-256 of the files the Poisson generator wrote before arrival processes existed.
    [InlineData("242f006aae14657bc01ae0cf4711b3464d02319fed2fafe96dfb8485190fc6f8")]
    [InlineData("ae0c9573c38eb47b239e1a8e02dc0c7a4f5ab06010155ecfb051b951a56f1322", "--rate", "20", "--duration", "60", "--proportions", "0.5,0.3,0.2", "--slos", "0.1,0.2,0.3", "--seed", "1")]
    // 0.7 + 0.2 + 0.1 is 0.9999999999999999 in doubles, which the original tool refuses: the header now says
    // [0.7, 0.2, 0.10000000000000009]; with the header's 0.1 put back the file hashes to the earlier c418e29b….
    [InlineData("0b96d4b38f00f2abb587223ed26c5323dd4c8288c5480b074efe5b71c2af77f0", "--rate", "1000", "--duration", "200", "--proportions", "0.7,0.2,0.1", "--seed", "42")]
    [InlineData("823c3921b63dcabb31ff8dd4969883d9bca36c009d9a4e8dfb8f2a2d9a939921", "--rate", "7.5", "--duration", "33.3", "--proportions", "1", "--seed", "123456789", "--name", "foo")]
    public void Poisson_files_are_byte_identical_to_the_seed_generators(string sha256, params string[] args)
    {
        using var dir = new TempDir();
        var (code, stdout, _) = Cli(["workload", "generate", .. args, "-o", dir.File("w.csv")]);
        Assert.Equal(0, code);
        Assert.Contains(" poisson, ", stdout);
        Assert.Equal(sha256, Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(dir.File("w.csv")))));
    }

    [Theory]
    [InlineData(1.0, "--process", "poisson")]
    [InlineData(3.0, "--process", "gamma", "--cv", "3")]
    [InlineData(0.0, "--process", "deterministic")]
    [InlineData(1.4624, "--process", "weibull", "--shape", "0.7")]
    public void Each_process_reaches_the_file_with_its_rate_and_cv(double cv, params string[] args)
    {
        using var dir = new TempDir();
        // 100 k requests: the flags reach the generator (ArrivalProcessTests holds the tight statistics).
        var w = GenerateAndRead(dir, [.. args, "--rate", "250", "--proportions", "1", "--duration", "400", "--seed", "2"]);
        var stats = WorkloadStatistics.Of(w);
        Assert.InRange(stats.RateHz, 250 * 0.96, 250 * 1.04);
        Assert.InRange(stats.GapCv, cv - 0.05 * Math.Max(cv, 0.1), cv + 0.05 * Math.Max(cv, 0.1));
        Assert.Equal(250, w.Header.TotalRateHz);
    }

    [Fact]
    public void Mmpp_takes_its_long_run_rate_unless_a_rate_is_given()
    {
        using var dir = new TempDir();
        var w = GenerateAndRead(dir, "--process", "mmpp", "--mmpp", "2,20,0.9,0.1", "--proportions", "1", "--duration", "20000");
        Assert.Equal(3.8, w.Header.TotalRateHz, 12);
        Assert.InRange(WorkloadStatistics.Of(w).RateHz, 3.8 * 0.97, 3.8 * 1.03);
        var faster = GenerateAndRead(dir, "--process", "mmpp", "--mmpp", "2,20,0.9,0.1", "--rate", "38", "--proportions", "1", "--duration", "2000");
        Assert.InRange(WorkloadStatistics.Of(faster).RateHz, 38 * 0.97, 38 * 1.03);
    }

    [Fact]
    public void Explicit_rates_set_the_total_and_the_shares()
    {
        using var dir = new TempDir();
        var w = GenerateAndRead(dir, "--process", "gamma", "--cv", "0.5", "--rates", "0=300,2=100", "--models", "4", "--duration", "100");
        Assert.Equal(4, w.Header.ModelCount);
        Assert.Equal(400, w.Header.TotalRateHz);
        Assert.Equal([0.75, 0, 0.25, 0], w.Header.Proportions);
        var stats = WorkloadStatistics.Of(w);
        Assert.InRange(stats.Models[0].RateHz, 297, 303);
        Assert.Equal(0, stats.Models[1].Requests);
        Assert.InRange(stats.Models[2].RateHz, 99, 101);
    }

    [Fact]
    public void A_spread_over_n_models_and_a_schedule()
    {
        using var dir = new TempDir();
        var w = GenerateAndRead(dir, "--process", "weibull", "--shape", "2", "--models", "3", "--spread", "powerlaw:1", "--schedule", "0:600,50:1200", "--duration", "100", "--slos", "0.5");
        Assert.Equal(3, w.Header.ModelCount);
        Assert.Equal(900, w.Header.TotalRateHz, 9); // the mean over the duration
        Assert.Equal([0.5, 0.5, 0.5], w.Header.SlosS);
        Assert.Equal("weibull_schedule_100s", w.Header.Name);
        int first = w.ArrivalsS.Count(t => t < 50), second = w.Count - first;
        Assert.InRange(first, 29_500, 30_500);
        Assert.InRange(second, 59_300, 60_700);
        Assert.InRange(w.ModelIds.Count(m => m == 0) / (double)w.Count, 6 / 11.0 - 0.01, 6 / 11.0 + 0.01);
    }

    [Fact]
    public void Requests_stop_the_stream_without_a_duration()
    {
        using var dir = new TempDir();
        var (code, stdout, _) = Cli("workload", "generate", "--process", "gamma", "--cv", "2", "--requests", "12345", "-o", dir.File("w.csv"));
        Assert.Equal(0, code);
        var w = WorkloadFiles.ReadAll(dir.File("w.csv"));
        Assert.Equal(12345, w.Count);
        Assert.Equal("gamma_10Hz_12345req", w.Header.Name);
        // The header's duration is the span the requests were drawn over: past the last arrival, and positive
        // (the original tool refuses a duration of 0).
        Assert.True(w.Header.DurationS > w.ArrivalsS[^1], $"duration {w.Header.DurationS} ≤ last arrival {w.ArrivalsS[^1]}");
        Assert.Equal($"{dir.File("w.csv")}: 12345 requests, 2 models, gamma cv 2, 10 Hz for 12345 requests " +
            $"(duration {PythonFloat.Format(w.Header.DurationS)} s in the header) (seed 0)", stdout.TrimEnd());
    }

    [Theory]
    [InlineData("1")]
    [InlineData("500")]
    public void The_duration_written_for_a_request_count_gives_back_the_same_requests(string requests)
    {
        using var dir = new TempDir();
        Assert.Equal(0, Cli("workload", "generate", "--seed", "7", "--requests", requests, "-o", dir.File("n.csv")).Code);
        var byCount = WorkloadFiles.ReadAll(dir.File("n.csv"));
        Assert.True(byCount.Header.DurationS > 0);
        string duration = PythonFloat.Format(byCount.Header.DurationS);
        Assert.Equal(0, Cli("workload", "generate", "--seed", "7", "--duration", duration, "-o", dir.File("d.csv")).Code);
        string[] Rows(string file) => File.ReadAllLines(dir.File(file)).Skip(1).ToArray();
        Assert.Equal(int.Parse(requests, System.Globalization.CultureInfo.InvariantCulture), Rows("n.csv").Length);
        Assert.Equal(Rows("n.csv"), Rows("d.csv"));
    }

    [Fact]
    public void Help_describes_every_flag()
    {
        var (code, stdout, _) = Cli("workload", "generate", "--help");
        Assert.Equal(0, code);
        foreach (string flag in new[] { "--process", "--cv", "--shape", "--mmpp", "--rate", "--proportions", "--rates", "--models", "--spread",
                     "--schedule", "--duration", "--requests", "--slos", "--seed", "--name", "--output" })
            Assert.Contains(flag + " <", stdout);
        Assert.Contains("poisson, gamma, deterministic, weibull, mmpp", stdout);
    }
}
